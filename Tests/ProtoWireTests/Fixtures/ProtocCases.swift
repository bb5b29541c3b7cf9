/// Text-format inputs for protoc and the equivalent hand-built Swift values.
enum ProtocCases {
    static let longString = String(repeating: "x", count: 200)
    static let multiByte = "héllo wörld ✓ 𝄞 日本語"

    static let all: [ProtocCase] = scalars + repeated + containers + groups

    static let scalars: [ProtocCase] = [
        ProtocCase(
            "scalars_zero", "pw.Scalars",
            """
            o_int32: 0 o_int64: 0 o_uint32: 0 o_uint64: 0 o_sint32: 0 o_sint64: 0
            o_fixed32: 0 o_fixed64: 0 o_sfixed32: 0 o_sfixed64: 0 o_float: 0 o_double: 0
            o_bool: false o_string: "" o_bytes: "" o_enum: COLOR_UNSPECIFIED
            i_int32: 0 i_sint64: 0 i_double: 0 i_bool: false i_string: "" i_bytes: "" i_enum: COLOR_UNSPECIFIED
            """,
            Scalars(
                oInt32: 0, oInt64: 0, oUInt32: 0, oUInt64: 0, oSInt32: 0, oSInt64: 0,
                oFixed32: 0, oFixed64: 0, oSFixed32: 0, oSFixed64: 0, oFloat: 0, oDouble: 0,
                oBool: false, oString: "", oBytes: [], oEnum: .unspecified)),
        ProtocCase(
            "scalars_minus_one", "pw.Scalars",
            """
            o_int32: -1 o_int64: -1 o_uint32: 4294967295 o_uint64: 18446744073709551615
            o_sint32: -1 o_sint64: -1 o_fixed32: 4294967295 o_fixed64: 18446744073709551615
            o_sfixed32: -1 o_sfixed64: -1 o_float: -1 o_double: -1 o_bool: true o_enum: NEGATIVE
            i_int32: -1 i_sint64: -1 i_double: -1 i_bool: true i_enum: NEGATIVE
            """,
            Scalars(
                oInt32: -1, oInt64: -1, oUInt32: .max, oUInt64: .max, oSInt32: -1, oSInt64: -1,
                oFixed32: .max, oFixed64: .max, oSFixed32: -1, oSFixed64: -1, oFloat: -1, oDouble: -1,
                oBool: true, oEnum: .negative,
                iInt32: -1, iSInt64: -1, iDouble: -1, iBool: true, iEnum: .negative)),
        ProtocCase(
            "scalars_min", "pw.Scalars",
            """
            o_int32: -2147483648 o_int64: -9223372036854775808 o_uint32: 0 o_uint64: 0
            o_sint32: -2147483648 o_sint64: -9223372036854775808 o_fixed32: 0 o_fixed64: 0
            o_sfixed32: -2147483648 o_sfixed64: -9223372036854775808
            o_float: -3.4028234663852886e+38 o_double: -1.7976931348623157e+308
            i_int32: -2147483648 i_sint64: -9223372036854775808
            i_double: 4.9406564584124654e-324
            """,
            Scalars(
                oInt32: .min, oInt64: .min, oUInt32: 0, oUInt64: 0, oSInt32: .min, oSInt64: .min,
                oFixed32: 0, oFixed64: 0, oSFixed32: .min, oSFixed64: .min,
                oFloat: -.greatestFiniteMagnitude, oDouble: -.greatestFiniteMagnitude,
                iInt32: .min, iSInt64: .min, iDouble: .leastNonzeroMagnitude)),
        ProtocCase(
            "scalars_max", "pw.Scalars",
            """
            o_int32: 2147483647 o_int64: 9223372036854775807 o_uint32: 4294967295
            o_uint64: 18446744073709551615 o_sint32: 2147483647 o_sint64: 9223372036854775807
            o_fixed32: 4294967295 o_fixed64: 18446744073709551615
            o_sfixed32: 2147483647 o_sfixed64: 9223372036854775807
            o_float: 3.4028234663852886e+38 o_double: 1.7976931348623157e+308
            o_enum: BLUE i_int32: 2147483647 i_sint64: 9223372036854775807 i_enum: RED
            """,
            Scalars(
                oInt32: .max, oInt64: .max, oUInt32: .max, oUInt64: .max, oSInt32: .max, oSInt64: .max,
                oFixed32: .max, oFixed64: .max, oSFixed32: .max, oSFixed64: .max,
                oFloat: .greatestFiniteMagnitude, oDouble: .greatestFiniteMagnitude,
                oEnum: .blue, iInt32: .max, iSInt64: .max, iEnum: .red)),
        ProtocCase(
            "scalars_small_values", "pw.Scalars",
            """
            o_int32: 1 o_int64: 127 o_uint32: 128 o_uint64: 16384 o_sint32: -64 o_sint64: 64
            o_fixed32: 1 o_fixed64: 256 o_sfixed32: -2 o_sfixed64: 2 o_float: 0.1 o_double: 0.1
            o_enum: 7 i_int32: 300
            """,
            Scalars(
                oInt32: 1, oInt64: 127, oUInt32: 128, oUInt64: 16384, oSInt32: -64, oSInt64: 64,
                oFixed32: 1, oFixed64: 256, oSFixed32: -2, oSFixed64: 2, oFloat: 0.1, oDouble: 0.1,
                oEnum: .unrecognized(7), iInt32: 300)),
        ProtocCase(
            "floats_nan", "pw.Scalars", "o_float: nan o_double: nan i_double: nan",
            Scalars(oFloat: .nan, oDouble: .nan, iDouble: .nan)),
        ProtocCase(
            "floats_negative_zero", "pw.Scalars", "o_float: -0 o_double: -0 i_double: -0",
            Scalars(oFloat: -0.0, oDouble: -0.0, iDouble: -0.0)),
        ProtocCase(
            "floats_infinity", "pw.Scalars", "o_float: inf o_double: -inf i_double: inf",
            Scalars(oFloat: .infinity, oDouble: -.infinity, iDouble: .infinity)),
        ProtocCase(
            "floats_negative_infinity", "pw.Scalars", "o_float: -inf o_double: inf i_double: -inf",
            Scalars(oFloat: -.infinity, oDouble: .infinity, iDouble: -.infinity)),
        ProtocCase(
            "strings_multibyte", "pw.Scalars",
            "o_string: \"\(multiByte)\" i_string: \"\(multiByte)\"",
            Scalars(oString: multiByte, iString: multiByte)),
        ProtocCase(
            "strings_empty_and_long", "pw.Scalars",
            "o_string: \"\" i_string: \"\(longString)\"",
            Scalars(oString: "", iString: longString)),
        ProtocCase(
            "bytes_binary", "pw.Scalars",
            #"o_bytes: "\000\001\177\200\377" i_bytes: "\377\376""#,
            Scalars(oBytes: [0, 1, 0x7F, 0x80, 0xFF], iBytes: [0xFF, 0xFE])),
        ProtocCase("implicit_defaults_omitted", "pw.Scalars", "i_int32: 0 i_string: \"\" i_bool: false", Scalars()),
        ProtocCase("max_field_number", "pw.Scalars", "max_field: 1", Scalars(maxField: 1)),
        ProtocCase("max_field_number_negative", "pw.Scalars", "max_field: -1", Scalars(maxField: -1)),
    ]

    static let repeatedText = """
        int32s: [0, -1, 1, -2147483648, 2147483647]
        int64s: [0, -1, -9223372036854775808, 9223372036854775807]
        uint32s: [0, 1, 127, 128, 4294967295]
        uint64s: [0, 18446744073709551615, 300]
        sint32s: [0, -1, 1, -2147483648, 2147483647]
        sint64s: [0, -1, 1, -9223372036854775808, 9223372036854775807]
        fixed32s: [0, 1, 4294967295]
        fixed64s: [0, 1, 18446744073709551615]
        sfixed32s: [0, -1, -2147483648, 2147483647]
        sfixed64s: [0, -1, -9223372036854775808, 9223372036854775807]
        floats: [0, -0, 1.5, nan, inf, -inf]
        doubles: [0, -0, 0.1, nan, inf, -inf]
        bools: [true, false, true]
        colors: [RED, NEGATIVE, COLOR_UNSPECIFIED, 9]
        """

    static func repeatedValue<E: RepeatedEncoding>(_ encoding: E.Type) -> RepeatedScalars<E> {
        RepeatedScalars<E>(
            int32s: [0, -1, 1, .min, .max],
            int64s: [0, -1, .min, .max],
            uint32s: [0, 1, 127, 128, .max],
            uint64s: [0, .max, 300],
            sint32s: [0, -1, 1, .min, .max],
            sint64s: [0, -1, 1, .min, .max],
            fixed32s: [0, 1, .max],
            fixed64s: [0, 1, .max],
            sfixed32s: [0, -1, .min, .max],
            sfixed64s: [0, -1, .min, .max],
            floats: [0, -0.0, 1.5, .nan, .infinity, -.infinity],
            doubles: [0, -0.0, 0.1, .nan, .infinity, -.infinity],
            bools: [true, false, true],
            colors: [.red, .negative, .unspecified, .unrecognized(9)])
    }

    static let repeated: [ProtocCase] = [
        ProtocCase("packed_edges", "pw.Packed", repeatedText, repeatedValue(PackedEncoding.self)),
        ProtocCase("unpacked_edges", "pw.Unpacked", repeatedText, repeatedValue(UnpackedEncoding.self)),
        ProtocCase("packed_empty", "pw.Packed", "int32s: [] floats: [] colors: []", Packed()),
        ProtocCase("unpacked_empty", "pw.Unpacked", "int32s: [] doubles: []", Unpacked()),
        ProtocCase(
            "packed_long_payload", "pw.Packed",
            "int64s: [\(Array(repeating: "-1", count: 20).joined(separator: ", "))]",
            Packed(int64s: Array(repeating: -1, count: 20))),
    ]

    static let containers: [ProtocCase] = [
        ProtocCase(
            "repeated_strings_and_bytes", "pw.Containers",
            #"strings: ["", "a", "ü✓𝄞", "\#(longString)"] blobs: ["", "\377\000"]"#,
            Containers(strings: ["", "a", "ü✓𝄞", longString], blobs: [[], [0xFF, 0]])),
        ProtocCase(
            "nested_messages", "pw.Containers",
            """
            nested { a: -5 leaf { v: -1 s: "x" } leaves { v: 1 } leaves { } }
            nesteds { } nesteds { a: 1 leaf { } }
            """,
            Containers(
                nested: Nested(a: -5, leaf: Leaf(v: -1, s: "x"), leaves: [Leaf(v: 1), Leaf()]),
                nesteds: [Nested(), Nested(a: 1, leaf: Leaf())])),
        ProtocCase(
            "maps_one_entry_each", "pw.Containers",
            """
            string_to_int32 { key: "k" value: -1 }
            int32_to_string { key: -2 value: "v" }
            bool_to_bytes { key: true value: "\\001" }
            sint64_to_leaf { key: -3 value { v: 4 s: "leaf" } }
            uint64_to_color { key: 18446744073709551615 value: NEGATIVE }
            fixed32_to_double { key: 5 value: -0.5 }
            sfixed64_to_float { key: -6 value: inf }
            string_to_nested { key: "n" value { a: 7 leaf { v: -8 } leaves { } } }
            int64_to_sint32 { key: -9 value: -10 }
            uint32_to_fixed64 { key: 11 value: 12 }
            fixed64_to_sfixed32 { key: 13 value: -14 }
            sint32_to_uint32 { key: -15 value: 16 }
            sfixed32_to_sint64 { key: -17 value: -18 }
            """,
            Containers(
                stringToInt32: ["k": -1], int32ToString: [-2: "v"], boolToBytes: [true: [1]],
                sint64ToLeaf: [-3: Leaf(v: 4, s: "leaf")], uint64ToColor: [.max: .negative],
                fixed32ToDouble: [5: -0.5], sfixed64ToFloat: [-6: .infinity],
                stringToNested: ["n": Nested(a: 7, leaf: Leaf(v: -8), leaves: [Leaf()])],
                int64ToSInt32: [-9: -10], uint32ToFixed64: [11: 12], fixed64ToSFixed32: [13: -14],
                sint32ToUInt32: [-15: 16], sfixed32ToSInt64: [-17: -18])),
        ProtocCase(
            "maps_default_key_and_value", "pw.Containers",
            """
            string_to_int32 { key: "" value: 0 }
            sint64_to_leaf { key: 0 value { } }
            bool_to_bytes { key: false value: "" }
            """,
            Containers(stringToInt32: ["": 0], boolToBytes: [false: []], sint64ToLeaf: [0: Leaf()])),
        ProtocCase(
            "maps_many_entries", "pw.Containers", deterministic: false,
            """
            string_to_int32 { key: "a" value: 1 } string_to_int32 { key: "b" value: 2 }
            string_to_int32 { key: "c" value: 3 }
            int32_to_string { key: 1 value: "one" } int32_to_string { key: 2 value: "two" }
            sint64_to_leaf { key: 1 value { v: 1 } } sint64_to_leaf { key: 2 value { s: "two" } }
            """,
            Containers(
                stringToInt32: ["a": 1, "b": 2, "c": 3], int32ToString: [1: "one", 2: "two"],
                sint64ToLeaf: [1: Leaf(v: 1), 2: Leaf(s: "two")])),
        ProtocCase(
            "recursive_nodes", "pw.Node",
            #"children { children { children { payload: "deep" } } payload: "mid" } children { }"#,
            Node(children: [
                Node(children: [Node(children: [Node(payload: Array("deep".utf8))])], payload: Array("mid".utf8)),
                Node(),
            ])),
        ProtocCase(
            "list_response", "pw.ListResponse",
            #"strings: ["alpha", "", "\#(multiByte)"]"#,
            ListResponse(strings: ["alpha", "", multiByte])),
    ]

    static let groups: [ProtocCase] = [
        ProtocCase(
            "proto2_groups", "pw2.WithGroup", file: "pw_groups.proto",
            #"a: 1 Item { x: 2 y: "g" Inner { z: -1 } Inner { } } Many { w: 7 } Many { } b: 3"#,
            WithGroup(
                a: 1, item: .init(x: 2, y: "g", inner: [.init(z: -1), .init()]),
                many: [.init(w: 7), .init()], b: 3)),
        ProtocCase(
            "proto2_empty_group", "pw2.WithGroup", file: "pw_groups.proto",
            "Item { }", WithGroup(item: .init())),
    ]
}
