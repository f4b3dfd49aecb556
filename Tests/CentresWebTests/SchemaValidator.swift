import Foundation

/// Checks a JSON value against the JSON Schema subset the OpenAPI document uses:
/// `$ref`, `type` (one or several), `required`, `properties`, `additionalProperties: false`,
/// `items` and `oneOf`. Returns every mismatch with its path.
struct SchemaValidator {
    let schemas: [String: Any]

    init(openAPI: [String: Any]) {
        schemas = (openAPI["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
    }

    func problems(_ value: Any, against schema: [String: Any], at path: String = "$") -> [String] {
        if let ref = schema["$ref"] as? String {
            let name = String(ref.split(separator: "/").last!)
            guard let target = schemas[name] as? [String: Any] else { return ["\(path): unknown schema \(name)"] }
            return problems(value, against: target, at: path)
        }
        if let options = schema["oneOf"] as? [[String: Any]] {
            let passing = options.filter { problems(value, against: $0, at: path).isEmpty }
            return passing.count == 1 ? [] : ["\(path): matches \(passing.count) of the oneOf schemas"]
        }
        let types: [String] = (schema["type"] as? [String]) ?? [(schema["type"] as? String)].compactMap { $0 }
        guard types.isEmpty || types.contains(where: { Self.matches(value, $0) }) else {
            return ["\(path): \(type(of: value)) is not \(types)"]
        }
        var out: [String] = []
        if let object = value as? [String: Any], types.contains("object") {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { out.append("\(path).\(key): missing") }
            for (key, v) in object {
                if let p = properties[key] as? [String: Any] {
                    out += problems(v, against: p, at: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    out.append("\(path).\(key): not in the schema")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, v) in array.enumerated() { out += problems(v, against: items, at: "\(path)[\(i)]") }
        }
        return out
    }

    static func matches(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return value is Bool
        case "integer": return (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "number": return value is NSNumber
        default: return false
        }
    }
}
