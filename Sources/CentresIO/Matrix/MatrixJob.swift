import CentresCore
import Foundation
import TravelTime

/// A `centres matrix` run from files: read the points, compute, write the result.
public struct MatrixJob: Sendable {
    public var origins: URL
    public var destinations: URL
    public var mode: TravelMode
    public var maxMinutes: Double
    public var output: URL

    public init(origins: URL, destinations: URL, mode: TravelMode, maxMinutes: Double, output: URL) {
        self.origins = origins
        self.destinations = destinations
        self.mode = mode
        self.maxMinutes = maxMinutes
        self.output = output
    }

    public enum Failure: Error, CustomStringConvertible {
        case input(InputError)
        case estimate(EstimateModel.Unavailable)
        case output(String)

        public var description: String {
            switch self {
            case .input(let e): e.description
            case .estimate(let e): e.description
            case .output(let s): s
            }
        }
    }

    /// Without a street network: the estimate model (and it says so in the file's metadata).
    public func runEstimate() throws(Failure) -> TravelTimeMatrix {
        let o: [(id: String, point: Coordinate)], d: [(id: String, point: Coordinate)]
        do {
            o = try PointsFile.read(url: origins)
            d = try PointsFile.read(url: destinations)
        } catch { throw .input(error) }
        var m: TravelTimeMatrix
        do {
            m = try EstimateModel().matrix(
                origins: o.map { ($0.id, Optional($0.point)) }, destinations: d.map { ($0.id, Optional($0.point)) }, mode: mode,
                maxMinutes: maxMinutes)
        } catch { throw .estimate(error) }
        m.metadata.inputs = [
            MatrixInput(name: origins.lastPathComponent, date: nil, role: "origins"),
            MatrixInput(name: destinations.lastPathComponent, date: nil, role: "destinations"),
        ]
        try write(m)
        return m
    }

    /// `.cttm` → the binary form; anything else → CSV with its `.meta.json`.
    public func write(_ m: TravelTimeMatrix) throws(Failure) {
        do {
            if output.pathExtension == "cttm" {
                try MatrixFiles.binary(m).write(to: output, options: .atomic)
            } else {
                try MatrixFiles.writeCSV(m, to: output)
            }
        } catch { throw .output("cannot write \(output.path): \(error.localizedDescription)") }
    }
}
