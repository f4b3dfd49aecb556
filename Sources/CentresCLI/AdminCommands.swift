import ArgumentParser
import CentresWeb

struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Staff accounts.", subcommands: [CreateUser.self])
}

struct CreateUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-user",
        abstract: "Create a staff account; the password is read from the first line of standard input.",
        discussion:
            "Example: printf '%s\\n' \"$PASSWORD\" | centres admin create-user --email a@example.org --name 'A Person' --role administrator"
    )

    @Option(help: "The person's email address (their sign-in name).") var email: String
    @Option(help: "The person's name, as other staff see it.") var name: String
    @Option(
        help:
            "A role (repeat for several): administrator, network-editor, planner, consultation-manager, petition-organiser, moderator."
    ) var role: [String] = []
    @Option(help: "The organisation they belong to (created if new).") var organisation: String?

    func run() async throws {
        guard let password = readLine(strippingNewline: true), !password.isEmpty else {
            throw ValidationError("give the password on standard input (one line)")
        }
        print(
            try await CentresApp.createUser(
                config: .fromEnvironment(), email: email, name: name, roles: role, organisation: organisation,
                password: password))
    }
}
