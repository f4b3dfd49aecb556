import CentresCore

/// The pack's known gaps, counted from the data itself so the list is never out of date.
enum KnownGaps {
    static func list(_ s: DirectoryService) async throws -> [String] {
        let venues = Dictionary(uniqueKeysWithValues: try await s.q.venues().map { ($0.id, $0) })
        let centres = try await s.q.centres()
        let centreVenues = centres.compactMap { venues[$0.venueID] }
        var gaps: [String] = []
        let approx = centreVenues.filter { $0.locationQuality == .approximateTown }.count
        let unknown = centreVenues.filter { $0.locationQuality == .unknown }.count
        if approx > 0 {
            gaps.append(
                "\(approx) of \(centres.count) centres are placed only at a town or ward point, not at their building: distances to them are approximate (often by a few kilometres)."
            )
        }
        if unknown > 0 {
            gaps.append(
                "\(unknown) of \(centres.count) centres have no known location at all. They are listed, but never placed on the map or counted in distances."
            )
        }
        let noDistrict = centreVenues.filter { $0.districtCode == nil }.count
        if noDistrict > 0 { gaps.append("\(noDistrict) centres have no known district.") }
        let unknownStatus = centres.filter { $0.status(on: .latest)?.status == .unknown }.count
        if unknownStatus > 0 {
            gaps.append("For \(unknownStatus) centres the sources found do not report the latest decision on their status.")
        }
        if try await s.q.sessions().isEmpty {
            gaps.append(
                "No session timetable is recorded: no public source of what runs where and when was found, and none is invented.")
        }
        if try await s.q.services().isEmpty {
            gaps.append("No services are recorded yet; the service taxonomy is in place for them.")
        }
        let low = centres.filter { $0.confidence == .low }.count
        if low > 0 {
            gaps.append("\(low) centre rows have low confidence (a candidate name or a possible duplicate); each says why.")
        }
        return gaps
    }
}
