import CNGHTTP2

/// The version of the libnghttp2 this build links, e.g. "1.52.0".
public func nghttp2LinkedVersion() -> String {
    guard let info = nghttp2_version(0), let version = info.pointee.version_str else { return "unknown" }
    return String(cString: version)
}
