#pragma once
// Typed partition-column values, as Spark's partition discovery infers them
// (PartitioningUtils.inferPartitionColumnValue, resolveTypeConflicts, castPartValueToDesiredType):
//   each raw value tries, in order: int (Integer.parseInt), long, decimal (a BigDecimal with scale 0,
//   precision <= 38), double (Double.parseDouble), timestamp ("yyyy-MM-dd HH:mm:ss[.S]" after %XX
//   unescaping), date ("yyyy-MM-dd"), else string; "__HIVE_DEFAULT_PARTITION__" is null.
//   A column's type is the wider of its values' types: null < int < long < decimal, int < double,
//   date < timestamp; double with long or decimal, and any other mix, gives string. Every value is then
//   read again as the column's type from its raw text (so "007" in a string column stays "007").
// With inference off (Spark's spark.sql.sources.partitionColumnTypeInference.enabled = false) every
// column is a string, and the default partition is still null.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "spark_time.hpp"

namespace imgframe {

// The type Spark infers for a partition column.
enum class partition_type { null, integer, long_integer, decimal, double_precision, date, timestamp, string };

// Spark's DataType.simpleString: "int", "bigint", "decimal(20,0)", "double", "date", "timestamp",
// "string", "void" (NullType).
inline std::string partition_type_name(partition_type t, int precision = 0) {
  switch (t) {
    case partition_type::null: return "void";
    case partition_type::integer: return "int";
    case partition_type::long_integer: return "bigint";
    case partition_type::decimal: return "decimal(" + std::to_string(precision) + ",0)";
    case partition_type::double_precision: return "double";
    case partition_type::date: return "date";
    case partition_type::timestamp: return "timestamp";
    case partition_type::string: return "string";
  }
  return "string";
}

// A partition column: its name and the type Spark infers for it.
struct partition_column {
  // The column's name (the key of key=value).
  std::string name;
  // Its type.
  partition_type type = partition_type::string;
  int precision = 0;  // decimal only (scale is always 0)
  // Same column.
  friend bool operator==(const partition_column&, const partition_column&) = default;
};

// One value, read as its column's type. Only the member of that type is set.
struct partition_value {
  // The column's type.
  partition_type type = partition_type::string;
  bool is_null = false;        // __HIVE_DEFAULT_PARTITION__, or a null-typed column
  std::int64_t integer = 0;    // integer, long_integer
  double real = 0;             // double_precision
  std::int32_t days = 0;       // date: days since 1970-01-01
  std::int64_t micros = 0;     // timestamp: microseconds since 1970-01-01T00:00Z
  std::string text;            // string (unescaped); decimal: the digits, e.g. "-12345678901234567890"
  // Same value.
  friend bool operator==(const partition_value&, const partition_value&) = default;
};

// The folder value Hive and Spark write for a null partition value.
inline constexpr std::string_view default_partition_name = "__HIVE_DEFAULT_PARTITION__";

namespace detail {
inline int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace detail

// Hive's unescapePathName: %XX -> byte; anything else kept.
inline std::string unescape_path_name(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = detail::hex_digit(s[i + 1]), lo = detail::hex_digit(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

namespace detail {

inline bool ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Integer.parseInt / Long.parseLong: optional sign, ASCII digits, in range.
template <class Int>
std::optional<Int> java_parse_integer(std::string_view s) {
  if (s.empty()) return std::nullopt;
  const bool neg = s[0] == '-';
  if (s[0] == '+' || s[0] == '-') s.remove_prefix(1);
  if (s.empty() || !std::all_of(s.begin(), s.end(), ascii_digit)) return std::nullopt;
  std::string text = neg ? "-" + std::string(s) : std::string(s);
  Int v{};
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

// new java.math.BigDecimal(s) with scale 0: the unscaled digits (sign kept, no leading zeros).
inline std::optional<std::string> big_decimal_scale0(std::string_view s) {
  std::string sign;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    if (s[0] == '-') sign = "-";
    s.remove_prefix(1);
  }
  std::string int_part, frac_part;
  std::size_t i = 0;
  while (i < s.size() && ascii_digit(s[i])) int_part += s[i++];
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && ascii_digit(s[i])) frac_part += s[i++];
  }
  if (int_part.empty() && frac_part.empty()) return std::nullopt;
  long long exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    const auto e = java_parse_integer<std::int32_t>(s.substr(i + 1));
    if (!e) return std::nullopt;
    exponent = *e;
    i = s.size();
  }
  if (i != s.size()) return std::nullopt;
  if (static_cast<long long>(frac_part.size()) - exponent != 0) return std::nullopt;  // scale must be 0
  std::string digits = int_part + frac_part;
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
  if (digits.size() > 38) return std::nullopt;  // DecimalType's maximum precision
  if (digits == "0") sign.clear();
  return sign + digits;
}

// Double.parseDouble: surrounding whitespace, sign, decimal digits with '.' and exponent, an optional
// f/F/d/D suffix, "NaN", "Infinity". (Hexadecimal floating literals are not taken.)
inline std::optional<double> java_parse_double(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (s == "Infinity") return neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  if (!s.empty() && (s.back() == 'f' || s.back() == 'F' || s.back() == 'd' || s.back() == 'D')) s.remove_suffix(1);
  if (s.empty() || !(ascii_digit(s[0]) || s[0] == '.')) return std::nullopt;
  for (char c : s)
    if (!(ascii_digit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) return std::nullopt;
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
  if (r.ec == std::errc::result_out_of_range) {
    // Java rounds to 0 or infinity instead of failing.
    std::string text(s);
    v = std::strtod(text.c_str(), nullptr);
  } else if (r.ec != std::errc() || r.ptr != s.data() + s.size()) {
    return std::nullopt;
  }
  return neg ? -v : v;
}

// The partition timestamp pattern "yyyy-MM-dd HH:mm:ss[.S]" (strict, one fraction digit).
inline bool timestamp_pattern(std::string_view s) {
  if (s.size() != 19 && s.size() != 21) return false;
  if (!spark_time::parse_date_strict(s.substr(0, 10))) return false;
  if (s[10] != ' ' || s[13] != ':' || s[16] != ':') return false;
  for (std::size_t k : {11u, 12u, 14u, 15u, 17u, 18u})
    if (!ascii_digit(s[k])) return false;
  if ((s[11] - '0') * 10 + (s[12] - '0') > 23 || s[14] > '5' || s[17] > '5') return false;
  return s.size() == 19 || (s[19] == '.' && ascii_digit(s[20]));
}

}  // namespace detail

// The type Spark infers for one raw (still %XX-escaped) value.
inline partition_column infer_partition_type(std::string_view raw, bool type_inference) {
  partition_column c;
  if (raw == default_partition_name) {
    c.type = partition_type::null;
    return c;
  }
  if (!type_inference) return c;
  if (detail::java_parse_integer<std::int32_t>(raw)) {
    c.type = partition_type::integer;
  } else if (detail::java_parse_integer<std::int64_t>(raw)) {
    c.type = partition_type::long_integer;
  } else if (auto d = detail::big_decimal_scale0(raw)) {
    c.type = partition_type::decimal;
    c.precision = static_cast<int>(d->size() - (d->front() == '-' ? 1 : 0));
  } else if (detail::java_parse_double(raw)) {
    c.type = partition_type::double_precision;
  } else if (detail::timestamp_pattern(unescape_path_name(raw))) {
    c.type = partition_type::timestamp;
  } else if (spark_time::parse_date_strict(raw)) {
    c.type = partition_type::date;
  }
  return c;
}

// Spark's findWiderTypeForPartitionColumn.
inline partition_column wider_partition_type(const partition_column& a, const partition_column& b) {
  using t = partition_type;
  partition_column out = a;
  if (a.type == b.type) {
    out.precision = std::max(a.precision, b.precision);
    return out;
  }
  if (a.type == t::null) return b;
  if (b.type == t::null) return a;
  auto is = [&](t x, t y) { return (a.type == x && b.type == y) || (a.type == y && b.type == x); };
  auto decimal_digits = [](const partition_column& c) {
    return c.type == t::integer ? 10 : c.type == t::long_integer ? 20 : c.precision;
  };
  if (is(t::integer, t::long_integer)) {
    out.type = t::long_integer;
  } else if (is(t::integer, t::decimal) || is(t::long_integer, t::decimal)) {
    out.type = t::decimal;
    out.precision = std::min(38, std::max(decimal_digits(a), decimal_digits(b)));
  } else if (is(t::integer, t::double_precision)) {
    out.type = t::double_precision;
  } else if (is(t::date, t::timestamp)) {
    out.type = t::timestamp;
  } else {
    out.type = t::string;  // double with long or decimal, and every other mix
  }
  if (out.type != t::decimal) out.precision = 0;
  return out;
}

// castPartValueToDesiredType: the raw text read as the column's type.
inline partition_value typed_partition_value(std::string_view raw, const partition_column& column,
                                             const spark_time::time_zone& zone) {
  partition_value v;
  v.type = column.type;
  if (raw == default_partition_name || column.type == partition_type::null) {
    v.is_null = true;
    return v;
  }
  switch (column.type) {
    case partition_type::integer:
    case partition_type::long_integer:
      v.integer = detail::java_parse_integer<std::int64_t>(raw).value_or(0);
      break;
    case partition_type::decimal:
      v.text = detail::big_decimal_scale0(raw).value_or(std::string(raw));
      break;
    case partition_type::double_precision:
      v.real = detail::java_parse_double(raw).value_or(0.0);
      break;
    case partition_type::date:
      v.days = spark_time::parse_date_strict(raw).value_or(0);
      break;
    case partition_type::timestamp: {
      // A date in a timestamp column is its midnight in the session zone.
      const std::string text = unescape_path_name(raw);
      v.micros = spark_time::string_to_timestamp(text, zone).value_or(0);
      break;
    }
    default:
      v.text = unescape_path_name(raw);
      break;
  }
  return v;
}

}  // namespace imgframe
