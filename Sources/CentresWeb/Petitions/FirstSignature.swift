import Foundation
import SQLKit

/// The common case in a surge, an email address signing a petition for the first time, as one
/// statement on PostgreSQL: the signature and its confirmation mail are inserted together, and
/// only if nobody has signed the petition with that canonical address. One round trip and one
/// commit instead of a transaction's five; as atomic, since a statement is its own transaction.
///
/// Anything else (the address has signed before: a resend, or a second name in a household) and
/// every SQLite database takes the general path in `SignatureStore.sign`, which reads the
/// address's signatures first. Two first signatures racing for one address both pass the
/// `NOT EXISTS`, and the loser meets the household-slot unique constraint; `sign` then retries
/// on the general path, which sees the winner's row.
enum FirstSignature {
    /// Whether the signature and mail were stored (false: take the general path).
    static func insert(_ r: SignatureRow, mail: OutgoingMail, now: Date, on sql: any SQLDatabase) async throws -> Bool {
        guard sql.dialect.name == "postgresql" else { return false }
        let at = AccountStore.timestamp(now)
        let inserted = try await sql.raw(
            """
            WITH fresh AS (
              INSERT INTO signatures (id, petition_id, name, name_key, email, canonical_email, household_slot, postcode,
                area_code, district_code, in_area, reason, privacy_version, updates_consent, channel, state, confirm_hash,
                confirm_expires_at, confirm_sends, client_address, email_domain, created_at)
              SELECT \(bind: r.id), \(bind: r.petitionId), \(bind: r.name), \(bind: r.nameKey), \(bind: r.email),
                \(bind: r.canonicalEmail), \(bind: r.householdSlot), \(bind: r.postcode), \(bind: r.areaCode),
                \(bind: r.districtCode), \(bind: r.inArea), \(bind: r.reason), \(bind: r.privacyVersion),
                \(bind: r.updatesConsent), \(bind: r.channel), \(bind: r.state), \(bind: r.confirmHash),
                \(bind: r.confirmExpiresAt), \(bind: r.confirmSends), \(bind: r.clientAddress), \(bind: r.emailDomain),
                \(bind: r.createdAt)
              WHERE NOT EXISTS (
                SELECT 1 FROM signatures WHERE petition_id = \(bind: r.petitionId) AND canonical_email = \(bind: r.canonicalEmail))
              RETURNING id
            )
            INSERT INTO outbox (id, kind, to_address, subject, body, created_at, attempts, next_attempt_at, unsubscribe_url)
            SELECT \(bind: UUID().uuidString.lowercased()), 'petition-confirm', \(bind: mail.to), \(bind: mail.subject),
              \(bind: mail.body), \(bind: at), 0, \(bind: at), \(bind: mail.unsubscribeURL) FROM fresh
            RETURNING id
            """
        ).all()
        return !inserted.isEmpty
    }
}
