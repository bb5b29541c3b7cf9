/// The .proto files the protoc fixtures come from; written to a temporary directory when protoc is re-run.
enum ProtoSchemas {
    static let files: [String: String] = [
        "pw_test.proto": """
        syntax = "proto3";
        package pw;

        enum Color {
          COLOR_UNSPECIFIED = 0;
          RED = 1;
          BLUE = 2;
          NEGATIVE = -1;
        }

        message Scalars {
          optional int32 o_int32 = 1;
          optional int64 o_int64 = 2;
          optional uint32 o_uint32 = 3;
          optional uint64 o_uint64 = 4;
          optional sint32 o_sint32 = 5;
          optional sint64 o_sint64 = 6;
          optional fixed32 o_fixed32 = 7;
          optional fixed64 o_fixed64 = 8;
          optional sfixed32 o_sfixed32 = 9;
          optional sfixed64 o_sfixed64 = 10;
          optional float o_float = 11;
          optional double o_double = 12;
          optional bool o_bool = 13;
          optional string o_string = 14;
          optional bytes o_bytes = 15;
          optional Color o_enum = 16;
          int32 i_int32 = 21;
          sint64 i_sint64 = 22;
          double i_double = 23;
          bool i_bool = 24;
          string i_string = 25;
          bytes i_bytes = 26;
          Color i_enum = 27;
          int32 max_field = 536870911;
        }

        message Packed {
          repeated int32 int32s = 1;
          repeated int64 int64s = 2;
          repeated uint32 uint32s = 3;
          repeated uint64 uint64s = 4;
          repeated sint32 sint32s = 5;
          repeated sint64 sint64s = 6;
          repeated fixed32 fixed32s = 7;
          repeated fixed64 fixed64s = 8;
          repeated sfixed32 sfixed32s = 9;
          repeated sfixed64 sfixed64s = 10;
          repeated float floats = 11;
          repeated double doubles = 12;
          repeated bool bools = 13;
          repeated Color colors = 14;
        }

        message Unpacked {
          repeated int32 int32s = 1 [packed = false];
          repeated int64 int64s = 2 [packed = false];
          repeated uint32 uint32s = 3 [packed = false];
          repeated uint64 uint64s = 4 [packed = false];
          repeated sint32 sint32s = 5 [packed = false];
          repeated sint64 sint64s = 6 [packed = false];
          repeated fixed32 fixed32s = 7 [packed = false];
          repeated fixed64 fixed64s = 8 [packed = false];
          repeated sfixed32 sfixed32s = 9 [packed = false];
          repeated sfixed64 sfixed64s = 10 [packed = false];
          repeated float floats = 11 [packed = false];
          repeated double doubles = 12 [packed = false];
          repeated bool bools = 13 [packed = false];
          repeated Color colors = 14 [packed = false];
        }

        message Leaf {
          sint64 v = 1;
          string s = 2;
        }

        message Nested {
          int32 a = 1;
          Leaf leaf = 2;
          repeated Leaf leaves = 3;
        }

        message Containers {
          repeated string strings = 1;
          repeated bytes blobs = 2;
          Nested nested = 3;
          repeated Nested nesteds = 4;
          map<string, int32> string_to_int32 = 5;
          map<int32, string> int32_to_string = 6;
          map<bool, bytes> bool_to_bytes = 7;
          map<sint64, Leaf> sint64_to_leaf = 8;
          map<uint64, Color> uint64_to_color = 9;
          map<fixed32, double> fixed32_to_double = 10;
          map<sfixed64, float> sfixed64_to_float = 11;
          map<string, Nested> string_to_nested = 12;
          map<int64, sint32> int64_to_sint32 = 13;
          map<uint32, fixed64> uint32_to_fixed64 = 14;
          map<fixed64, sfixed32> fixed64_to_sfixed32 = 15;
          map<sint32, uint32> sint32_to_uint32 = 16;
          map<sfixed32, sint64> sfixed32_to_sint64 = 17;
        }

        message Node {
          repeated Node children = 1;
          bytes payload = 2;
        }

        message ListResponse {
          repeated string strings = 1;
        }
        """,
        "pw_groups.proto": """
        syntax = "proto2";
        package pw2;

        message WithGroup {
          optional int32 a = 1;
          optional group Item = 2 {
            optional int32 x = 3;
            optional string y = 4;
            repeated group Inner = 5 {
              optional sint32 z = 6;
            }
          }
          repeated group Many = 7 {
            optional fixed32 w = 8;
          }
          optional int32 b = 9;
        }
        """,
    ]
}
