import WellKnownTypes

/// The .proto comments of one file, by SourceCodeInfo path.
struct Comments {
    private var leadingByPath: [[Int32]: String] = [:]

    init(_ file: Google_Protobuf_FileDescriptorProto) {
        for location in file.sourceCodeInfo.location {
            let text = location.hasLeadingComments ? location.leadingComments : location.trailingComments
            if !text.isEmpty, leadingByPath[location.path] == nil {
                leadingByPath[location.path] = text
            }
        }
    }

    /// The leading comment of the element at `path` (its trailing comment if it has no leading one).
    func leading(_ path: [Int32]) -> String? {
        leadingByPath[path]
    }
}
