/// Lower-case Cyrillic and Greek letters drawn like Latin ones, from Unicode's confusables list
/// (UTS #39), mapped to the Latin letter they pass for. Only the look-alikes: other letters of
/// those alphabets are names' own letters and are kept.
enum Confusables {
    static let latin: [Unicode.Scalar: Unicode.Scalar] = [
        // Cyrillic
        "\u{430}": "a", "\u{435}": "e", "\u{43E}": "o", "\u{440}": "p", "\u{441}": "c", "\u{443}": "y", "\u{445}": "x",
        "\u{456}": "i", "\u{458}": "j", "\u{455}": "s", "\u{4BB}": "h", "\u{501}": "d", "\u{51B}": "q", "\u{51D}": "w",
        "\u{4CF}": "l", "\u{432}": "b", "\u{43A}": "k", "\u{43C}": "m", "\u{43D}": "h", "\u{442}": "t",
        // Greek
        "\u{3B1}": "a", "\u{3BF}": "o", "\u{3C1}": "p", "\u{3B9}": "i", "\u{3BA}": "k", "\u{3BD}": "v", "\u{3C4}": "t",
        "\u{3C5}": "u", "\u{3C7}": "x", "\u{3B5}": "e", "\u{3B7}": "n",
        // Latin look-alikes outside a–z
        "\u{131}": "i", "\u{237}": "j", "\u{261}": "g", "\u{269}": "i", "\u{251}": "a",
    ]
}
