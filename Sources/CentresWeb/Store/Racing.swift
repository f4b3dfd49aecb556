import Fluent
import SQLKit
import SQLiteNIO

/// Runs a read-then-write transaction that may race another for the same row: the loser of a
/// unique constraint tries again (and then sees the winner's row); SQLite, which refuses at once
/// rather than waiting a transaction that read and now wants to write while another writes
/// (waiting could deadlock), is retried after a short pause.
enum Racing {
    /// `tries`: how often a lost unique constraint is tried again; more where several can lose
    /// in turn (a household's three slots, each taken by another).
    static func attempt<T>(tries: Int = 3, _ body: () async throws -> T) async throws -> T {
        for attempt in 1... {
            do {
                return try await body()
            } catch let e as any DatabaseError where e.isConstraintFailure && attempt < tries {
                continue
            } catch let e as SQLiteError where e.reason == .busy && attempt < 8 {
                try await Task.sleep(for: .milliseconds(2 * attempt))
                continue
            }
        }
        fatalError("unreachable: the loop returns or throws")
    }

    /// Holds the row until the transaction ends, on both engines: where a check reads rows that a
    /// racing transaction deletes (a form's keyings, gone once it is counted), no unique
    /// constraint catches the loser, so the two must take turns. A no-op update takes
    /// PostgreSQL's row lock and SQLite's write lock; `FOR UPDATE` is PostgreSQL only.
    static func takeTurns(_ table: String, id: String, on tx: any Database) async throws {
        try await (tx as! any SQLDatabase).update(table).set(SQLIdentifier("id"), to: SQLIdentifier("id"))
            .where("id", .equal, id).run()
    }
}
