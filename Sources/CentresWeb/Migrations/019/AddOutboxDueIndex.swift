import Fluent
import SQLKit

/// The sender asks for unsent, unfailed mail in the order it was queued, fifty at a time, and in
/// a petition surge asks again at once while tens of thousands wait: without this index each
/// batch read and sorted the whole outbox.
struct AddOutboxDueIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "outbox_due").on("outbox")
            .column("sent_at").column("failed_at").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "outbox_due").run()
    }
}
