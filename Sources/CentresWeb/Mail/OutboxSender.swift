import CentresCore
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Delivers the outbox every few seconds while the server runs (started by `serve` only), and
/// once an hour applies the retention policy (`Retention`) and closes petitions past their date.
final class OutboxSender: LifecycleHandler, Sendable {
    let transport: MailTransport
    let interval: Duration
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(transport: MailTransport, interval: Duration = .seconds(10)) {
        self.transport = transport
        self.interval = interval
    }

    func didBootAsync(_ app: Application) async throws {
        let (transport, interval, db, logger) = (transport, interval, app.db, app.logger)
        let retentionDays = app.petitionRetentionDays
        let consultationDays = app.consultationRetentionDays
        task.withLockedValue {
            $0 = Task {
                var lastPurge = Date.distantPast
                while !Task.isCancelled {
                    var full = false
                    do {
                        // A full batch means more are waiting (a petition surge queues thousands of
                        // confirmations): go on at once rather than 50 every interval.
                        full =
                            try await Outbox.deliverDue(now: Date(), transport: transport, on: db, logger: logger)
                            == Outbox.batchSize
                    } catch {
                        logger.error("Outbox could not be read", metadata: ["error": .string("\(error)")])
                    }
                    if Date().timeIntervalSince(lastPurge) >= 3_600 {
                        lastPurge = Date()
                        do {
                            let p = try await Retention.run(now: lastPurge, on: db)
                            logger.info("Retention", metadata: ["purged": .string("\(p)")])
                            let closed = try await PetitionStore.closeDue(today: SimpleDate.today(), now: lastPurge, on: db)
                            if closed > 0 { logger.info("Petitions closed", metadata: ["count": .stringConvertible(closed)]) }
                            let anonymised = try await PetitionRetention.anonymiseDue(
                                today: SimpleDate.today(), afterDays: retentionDays, now: lastPurge, on: db)
                            if anonymised > 0 {
                                logger.info("Petitions anonymised", metadata: ["count": .stringConvertible(anonymised)])
                            }
                            let reduced = try await ConsultationRetention.reduceDue(
                                today: SimpleDate.today(), afterDays: consultationDays, now: lastPurge, on: db)
                            if reduced > 0 {
                                logger.info(
                                    "Consultation postcodes reduced", metadata: ["consultations": .stringConvertible(reduced)])
                            }
                        } catch {
                            logger.error("Retention could not run", metadata: ["error": .string("\(error)")])
                        }
                    }
                    if !full { try? await Task.sleep(for: interval) }
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        let t = task.withLockedValue { $0 }
        t?.cancel()
        await t?.value
    }
}

extension MailTransport {
    /// The transport `settings` ask for; misconfigured settings are refused with every missing name.
    static func configured(_ settings: AppConfig.MailSettings, logger: Logger) throws -> MailTransport {
        switch settings {
        case .log: return .log(logger)
        case .smtp(let s): return .smtp(s)
        case .misconfigured(let missing):
            throw CentresError("mail is not configured: set \(missing.joined(separator: ", ")) (docs/mail.md)")
        }
    }
}
