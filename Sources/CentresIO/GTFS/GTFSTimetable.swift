import CentresCore
import TravelTime

extension GTFSFeed {
    /// The timetable of one service day, ready for RAPTOR.
    ///
    /// Trips in frequencies.txt are templates: their stop times are shifted so the first departure falls
    /// at start_time, start_time + headway, … while before end_time. For exact_times=1 this is the schedule;
    /// for exact_times=0 (frequency-based, unscheduled service) it is an approximation — actual vehicles may
    /// run anywhere within each headway, so best-case and worst-case waits are not modelled.
    /// Stops keep the indices of `stops`; stops without a position get NaN and no generated footpaths.
    ///
    /// - Throws: `InputError` naming the feed when no service runs on `date` (never an empty timetable).
    /// - Complexity: O(instances · stops per trip) plus `TimetableBuilder.build`.
    public func timetable(on date: SimpleDate, maxTransferWalkMetres: Double = 400) throws(InputError) -> Timetable {
        if let message = noServiceMessage(on: date) { throw InputError(file: fileName, message: message) }
        let services = activeServices(on: date)
        var builder = TimetableBuilder(
            metadata: TimetableMetadata(
                source: fileName, serviceDate: date, feedStartDate: feedInfo?.startDate, feedEndDate: feedInfo?.endDate))
        for stop in stops {
            builder.addStop(
                id: stop.id, name: stop.name, coordinate: stop.coordinate ?? Coordinate(lat: .nan, lon: .nan))
        }
        var frequenciesByTrip: [Int: [GTFSFrequency]] = [:]
        for f in frequencies { frequenciesByTrip[f.trip, default: []].append(f) }
        for (t, trip) in trips.enumerated() where services.contains(trip.serviceId) && stopTimes[t].count >= 2 {
            let times = stopTimes[t]
            let stopList = times.map(\.stop), pickup = times.map(\.pickup), dropOff = times.map(\.dropOff)
            let arrivals = times.map(\.arrival), departures = times.map(\.departure)
            // The loader has already rejected trips with decreasing times, so addTrip cannot fail here.
            guard let runs = frequenciesByTrip[t] else {
                try? builder.addTrip(
                    routeId: trip.routeId, tripId: trip.id, stops: stopList, arrivals: arrivals, departures: departures,
                    canBoard: pickup, canAlight: dropOff)
                continue
            }
            let base = departures[0]
            for run in runs {
                for start in stride(from: run.startTime, to: run.endTime, by: run.headwaySeconds) {
                    let shift = start - base
                    try? builder.addTrip(
                        routeId: trip.routeId, tripId: "\(trip.id)@\(start)", stops: stopList,
                        arrivals: arrivals.map { $0 + shift }, departures: departures.map { $0 + shift },
                        canBoard: pickup, canAlight: dropOff)
                }
            }
        }
        for tr in transfers where tr.fromStop != tr.toStop {
            // Type 3: no transfer possible. Type 2 carries min_transfer_time; 0 and 1 fall back to walking time.
            if tr.type == 3 {
                builder.forbidTransfer(from: tr.fromStop, to: tr.toStop)
            } else {
                builder.addTransfer(from: tr.fromStop, to: tr.toStop, seconds: tr.type == 2 ? tr.minTransferTime : nil)
            }
        }
        return builder.build(maxTransferWalkMetres: maxTransferWalkMetres)
    }

    /// Trip instances running on `date` after expanding frequencies, including unusable one-stop trips
    /// (which `timetable(on:)` leaves out). For HSL on 2022-02-22: 12,878, of which 90 are one-stop.
    public func tripInstanceCount(on date: SimpleDate) -> Int {
        let services = activeServices(on: date)
        var counts: [Int: Int] = [:]
        for f in frequencies {
            // Departures at start, start + headway, … strictly before end: ⌈(end − start) / headway⌉.
            counts[f.trip, default: 0] += (f.endTime - f.startTime + f.headwaySeconds - 1) / f.headwaySeconds
        }
        return trips.indices.reduce(0) { total, t in
            guard services.contains(trips[t].serviceId), !stopTimes[t].isEmpty else { return total }
            return total + (counts[t] ?? 1)
        }
    }
}
