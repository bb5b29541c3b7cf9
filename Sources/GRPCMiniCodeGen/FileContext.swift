import WellKnownTypes

/// What generating one file needs: the file, the options, every type and the file's comments.
struct FileContext {
    let file: Google_Protobuf_FileDescriptorProto
    let options: GeneratorOptions
    let symbols: SymbolTable
    let analysis: MessageAnalysis
    let comments: Comments
    /// Names of the files generated in this run (they share one module).
    let generatedFiles: Set<String>

    /// The modules to import for types that `file` uses from other .proto files.
    func importedModules(of files: [String]) -> [String] {
        var modules: Set<String> = []
        for dep in files where !generatedFiles.contains(dep) {
            if let m = options.protoPathModules[dep] {
                if !m.isEmpty { modules.insert(m) }
            } else if dep.hasPrefix("google/protobuf/"), !dep.hasPrefix("google/protobuf/compiler/"),
                !options.wellKnownTypesModule.isEmpty
            {
                modules.insert(options.wellKnownTypesModule)
            }
        }
        return modules.sorted()
    }

    /// Every file `file` imports, including files re-exported by `import public`, transitively.
    var allDependencies: [String] {
        var seen: Set<String> = []
        var order: [String] = []
        var stack = file.dependency
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            order.append(next)
            if let f = symbols.files[next] {
                stack.append(contentsOf: f.publicDependency.compactMap { Int($0) < f.dependency.count ? f.dependency[Int($0)] : nil })
            }
        }
        return order
    }
}
