import CentresCore

/// One form field as the staff record template draws it.
struct FieldView: Encodable {
    var id: String
    var label: String
    var hint: String?
    var error: String?
    var value: String
    var type: String
    var isSelect: Bool
    var isTextarea: Bool
    var isCheckbox: Bool
    var required: Bool
    var options: [Option]

    init(_ f: EditField, value: String, errors: [FieldError]) {
        (id, label, hint, self.value, required) = (f.column, f.label, f.hint, value, f.required)
        let mine = errors.filter { $0.field == f.column }.map(\.message)
        error = mine.isEmpty ? nil : mine.joined(separator: " ")
        (isSelect, isTextarea, isCheckbox, options) = (false, false, false, [])
        switch f.input {
        case .select(let choices):
            isSelect = true
            type = "select"
            let blank = f.required && !value.isEmpty ? [] : [Option(value: "", label: "—", selected: value.isEmpty)]
            options = blank + choices.map { Option(value: $0.value, label: $0.label, selected: $0.value == value) }
        case .textarea: (isTextarea, type) = (true, "textarea")
        case .checkbox: (isCheckbox, type) = (true, "checkbox")
        case .date: type = "date"
        case .time: type = "time"
        case .integer: type = "number"
        case .decimal, .text: type = "text"
        }
    }
}
