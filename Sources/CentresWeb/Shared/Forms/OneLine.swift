/// A one-line field (a title, a name) with a line break in it came from something other than
/// the page's form (a browser's one-line input cannot hold one); it would also split a mail
/// subject, a CSV row or a log line. Such values are refused, not repaired.
enum OneLine {
    static func breaks(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }
    }
}
