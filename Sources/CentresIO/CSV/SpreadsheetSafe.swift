/// Spreadsheet programs run a cell that starts with = + - @ (or a tab or carriage return) as a
/// formula; a leading apostrophe keeps such text as text. Plain numbers are left alone. Every CSV
/// the product writes for people passes its cells through `cell`; a file the product reads back
/// (a proposal) passes them through `plain`, so a title such as "=Holt first" survives the trip.
public enum SpreadsheetSafe {
    public static func cell(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
        if Double(s) != nil { return s }
        return "'" + s
    }

    /// Undoes `cell`: an apostrophe before a formula's first character is taken away.
    public static func plain(_ s: String) -> String {
        guard s.hasPrefix("'"), let second = s.unicodeScalars.dropFirst().first,
            "=+-@\t\r".unicodeScalars.contains(second)
        else { return s }
        return String(s.dropFirst())
    }
}
