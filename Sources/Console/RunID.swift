/// A run's id in the console's URLs: the name of its run directory, checked before anything is looked up.
///
/// Ids are never joined to a path: a valid id is looked up among the directories found under the runs roots, so
/// `..`, slashes and encoded separators cannot reach anything else.
enum RunID {
    /// The longest id accepted.
    static let maximumLength = 200

    /// Checks `text`; throws ``ConsoleError`` `.badRequest` naming the value when it cannot be a run directory name.
    static func check(_ text: String) throws(ConsoleError) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        guard !text.isEmpty, text.count <= maximumLength, text.allSatisfy(allowed.contains), text != ".", text != "..",
            !text.hasPrefix(".")
        else {
            throw ConsoleError(
                .badRequest,
                "run id \"\(shown)\": a run id is a run directory's name (letters, digits, '-', '_', '.'; not starting with '.')")
        }
        return text
    }
}
