import CentresCore
import Testing

@Suite struct AccountRulesTests {
    /// Least privilege: the administrator manages accounts but edits nothing else by default, and
    /// every capability is granted by some role.
    @Test func rolesGrantOnlyTheirJob() {
        #expect(!Role.allows([.administrator], .editNetwork))
        #expect(Role.allows([.administrator], .manageAccounts))
        #expect(Role.allows([.networkEditor, .planner], .planNetwork))
        #expect(!Role.allows([Role](), .moderate))
        for c in Capability.allCases { #expect(Role.allCases.contains { $0.capabilities.contains(c) }, "\(c)") }
        #expect(Role.allCases.sorted() == Role.allCases)
    }

    @Test func passwordsAndAddresses() {
        #expect(Credentials.normalisedEmail("  Ann@Example.ORG ") == "ann@example.org")
        #expect(Credentials.emailProblem("ann@example.org") == nil)
        for bad in ["", "ann", "ann@", "@example.org", "ann@example", "ann@@example.org", "a nn@example.org", "ann@example."] {
            #expect(Credentials.emailProblem(bad) != nil, "\(bad)")
        }
        let email = "ann.smith@example.org"
        #expect(Credentials.passwordProblem("correct horse battery", email: email) == nil)
        #expect(Credentials.passwordProblem("short", email: email)?.contains("12") == true)
        #expect(Credentials.passwordProblem(String(repeating: "é", count: 40), email: email)?.contains("72") == true)
        #expect(Credentials.passwordProblem("my ann.smith password", email: email) != nil)
    }

    @Test func backoffDoublesAfterTheFreeFailures() {
        let b = SignInBackoff()
        #expect((0...4).map { b.wait(afterFailures: $0) } == [0, 0, 0, 0, 0])
        #expect(b.wait(afterFailures: 5) == 30)
        #expect(b.wait(afterFailures: 6) == 60)
        #expect(b.wait(afterFailures: 10) == 960)
        #expect(b.wait(afterFailures: 11) == 1_920)
        #expect(b.wait(afterFailures: 12) == 3_600)
        #expect(b.wait(afterFailures: 1_000) == 3_600)
    }
}

@Suite struct AuditChangeTests {
    @Test func diffListsChangedFieldsInOrderWithEmptyAsNone() {
        let before = ["name": "A", "postcode": "", "note": "x", "kind": "library"]
        let after = ["name": "B", "postcode": "", "kind": "library", "extra": "new"]
        #expect(
            AuditChange.diff(before, after, order: ["postcode", "name", "note", "kind"]) == [
                AuditChange(field: "name", from: "A", to: "B"), AuditChange(field: "note", from: "x", to: nil),
                AuditChange(field: "extra", from: nil, to: "new"),
            ])
        #expect(AuditChange.diff(before, before, order: ["name"]).isEmpty)
    }
}
