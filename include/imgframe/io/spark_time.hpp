#pragma once
// Spark's timestamp rules where the reader needs them: the `timeZone` option, DateTimeUtils'
// stringToTimestamp / stringToDate (modifiedBefore/modifiedAfter thresholds, partition values) and
// fromUTCTime. Times are microseconds since 1970-01-01T00:00Z, dates days since 1970-01-01.
//
// Time zones: "" is the system's zone (what the JVM takes as its default, hence Spark's session zone),
// read with localtime_r; "UTC", "GMT", "UT", "Z", fixed offsets ("+02:00", "-0530", "GMT+8",
// "UTC-03:30") and the fixed ids of parse_zone_id are exact. Region names ("Europe/Paris"), in the
// option or in a timestamp's text, are refused with a clear error: GCC 12's <chrono> has no time-zone
// database; set TZ=Europe/Paris and leave time_zone empty instead.
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace imgframe::spark_time {

// A time zone as Spark's timeZone option gives it: the system's, or a fixed offset.
class time_zone {
 public:
  time_zone() = default;  // the system's zone
  // A zone at a fixed offset from UTC.
  static time_zone fixed(int offset_seconds) {
    time_zone z;
    z.system_ = false;
    z.offset_ = offset_seconds;
    return z;
  }
  // True for the system's zone.
  bool is_system() const noexcept { return system_; }

  // Seconds east of UTC at this instant (UTC seconds).
  int offset_at(std::int64_t utc_seconds) const {
    if (!system_) return offset_;
    const std::time_t t = static_cast<std::time_t>(utc_seconds);
    std::tm tm{};
    if (!::localtime_r(&t, &tm)) return 0;
    return static_cast<int>(tm.tm_gmtoff);
  }

  // A wall-clock time in this zone to UTC, as java.time's ZonedDateTime.ofLocal: in an overlap the
  // earlier offset; in a gap the time moves later by the gap's length.
  std::int64_t local_to_utc(std::int64_t local_seconds) const {
    if (!system_) return local_seconds - offset_;
    const int before = offset_at(local_seconds - 86'400), after = offset_at(local_seconds + 86'400);
    if (before == after) return local_seconds - before;
    if (offset_at(local_seconds - before) == before) return local_seconds - before;
    if (offset_at(local_seconds - after) == after) return local_seconds - after;
    return local_seconds - before;  // gap
  }

 private:
  bool system_ = true;
  int offset_ = 0;
};

namespace detail {
inline bool digits(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
inline int to_int(std::string_view s) noexcept {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// "+h", "+hh", "+hhmm", "+h:mm", "+hh:mm", "+hh:mm:ss" -> seconds; nullopt if malformed.
inline std::optional<int> parse_offset(std::string_view s) {
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  const int sign = s[0] == '-' ? -1 : 1;
  s.remove_prefix(1);
  int h = 0, m = 0, sec = 0;
  const auto colon = s.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view hh = s.substr(0, colon), rest = s.substr(colon + 1);
    if (!digits(hh) || hh.size() > 2) return std::nullopt;
    h = to_int(hh);
    const auto colon2 = rest.find(':');
    const std::string_view mm = rest.substr(0, colon2);
    if (!digits(mm) || mm.size() != 2) return std::nullopt;
    m = to_int(mm);
    if (colon2 != std::string_view::npos) {
      const std::string_view ss = rest.substr(colon2 + 1);
      if (!digits(ss) || ss.size() != 2) return std::nullopt;
      sec = to_int(ss);
    }
  } else {
    if (!digits(s) || (s.size() != 1 && s.size() != 2 && s.size() != 4)) return std::nullopt;
    if (s.size() == 4) {
      h = to_int(s.substr(0, 2));
      m = to_int(s.substr(2));
    } else {
      h = to_int(s);
    }
  }
  if (h > 18 || m > 59 || sec > 59 || h * 3600 + m * 60 + sec > 18 * 3600) return std::nullopt;
  return sign * (h * 3600 + m * 60 + sec);
}
}  // namespace detail

// A zone id as Spark's getZoneId takes it (ZoneId.of(id, ZoneId.SHORT_IDS)); nullopt for one this
// build cannot resolve. Exact: UTC and its tzdb aliases, fixed offsets, the three SHORT_IDS that are
// fixed offsets (EST -05:00, MST -07:00, HST -10:00) and tzdb's fixed Etc/GMT+N / Etc/GMT-N zones
// (POSIX sign: Etc/GMT+5 is 5 hours WEST). Regions ("Europe/Paris", and PST, CET, ... which
// SHORT_IDS maps to regions) are not resolved: their offsets change with the tzdb's rules.
inline std::optional<time_zone> parse_zone_id(std::string_view id) {
  if (id.empty()) return time_zone{};
  for (std::string_view utc : {"Z", "UTC", "GMT", "UT", "UCT", "Universal", "Zulu", "Greenwich", "GMT0", "Etc/UTC",
                               "Etc/GMT", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "Etc/Greenwich", "Etc/GMT0",
                               "Etc/GMT+0", "Etc/GMT-0"})
    if (id == utc) return time_zone::fixed(0);
  if (id == "EST") return time_zone::fixed(-5 * 3600);
  if (id == "MST") return time_zone::fixed(-7 * 3600);
  if (id == "HST") return time_zone::fixed(-10 * 3600);
  if (id.size() > 8 && id.substr(0, 7) == "Etc/GMT" && (id[7] == '+' || id[7] == '-') && id.size() <= 10 &&
      detail::digits(id.substr(8)) && id[8] != '0') {
    const int h = detail::to_int(id.substr(8));
    if (h <= (id[7] == '+' ? 12 : 14)) return time_zone::fixed((id[7] == '+' ? -1 : 1) * h * 3600);
    return std::nullopt;
  }
  for (std::string_view prefix : {"UTC", "GMT", "UT"})
    if (id.substr(0, prefix.size()) == prefix && id.size() > prefix.size() &&
        (id[prefix.size()] == '+' || id[prefix.size()] == '-')) {
      if (auto off = detail::parse_offset(id.substr(prefix.size()))) return time_zone::fixed(*off);
      return std::nullopt;
    }
  if (auto off = detail::parse_offset(id)) return time_zone::fixed(*off);
  return std::nullopt;
}

// What the zone errors suggest instead.
inline constexpr const char* supported_zones =
    "give UTC, a fixed offset such as +02:00 or GMT-8 (also EST, MST, HST, Etc/GMT+5), or leave time_zone empty for "
    "this system's zone (set TZ to use a region such as Europe/Paris)";

// The read option `time_zone` (Spark's timeZone): throws std::invalid_argument if unusable.
inline time_zone zone_option(std::string_view id) {
  if (auto z = parse_zone_id(id)) return *z;
  throw std::invalid_argument("time_zone '" + std::string(id) + "' is not supported: " + supported_zones);
}

// When string_to_timestamp refused `s` because of a zone written in it that this build does not
// resolve (a region such as "2020-06-15T05:00:00 Europe/Paris", which Spark takes): that zone.
inline std::optional<std::string> unresolved_zone_in(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  if (s.size() < 4 || !detail::digits(s.substr(0, 4))) return std::nullopt;  // no timestamp at all
  // The zone starts at the first letter after the date ('T' between date and time excepted).
  for (std::size_t i = 4; i < s.size(); ++i) {
    const char c = s[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) continue;
    if (c == 'T' && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9') continue;
    const std::string_view zone = s.substr(i);
    if (parse_zone_id(zone)) return std::nullopt;
    for (char z : zone)
      if (!((z >= 'A' && z <= 'Z') || (z >= 'a' && z <= 'z') || (z >= '0' && z <= '9') || z == '/' || z == '_' ||
            z == '+' || z == '-' || z == ':'))
        return std::nullopt;
    return std::string(zone);
  }
  return std::nullopt;
}

// Days since 1970-01-01 of a proleptic Gregorian date.
inline std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days(year(y) / month(m) / day(d)).time_since_epoch().count();
}

// True when the date exists.
inline bool valid_date(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return (year(y) / month(m) / day(d)).ok();
}

// "yyyy-MM-dd" exactly, a real date (Spark's partition DateFormatter, strict).
inline std::optional<std::int32_t> parse_date_strict(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const auto y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  if (!detail::digits(y) || !detail::digits(m) || !detail::digits(d)) return std::nullopt;
  if (!valid_date(detail::to_int(y), static_cast<unsigned>(detail::to_int(m)), static_cast<unsigned>(detail::to_int(d))))
    return std::nullopt;
  return static_cast<std::int32_t>(
      days_from_civil(detail::to_int(y), static_cast<unsigned>(detail::to_int(m)), static_cast<unsigned>(detail::to_int(d))));
}

// DateTimeUtils.stringToTimestamp for the forms a user writes: "yyyy", "yyyy-[m]m", "yyyy-[m]m-[d]d",
// then optionally 'T' or ' ' and "[h]h:[m]m[:[s]s][.fraction]" (fraction digits past 6 dropped), then
// optionally a zone: "Z", "+hh:mm" and the other forms of parse_zone_id, with or without a space
// before it. Leading and trailing whitespace is ignored. Without a zone, `zone` applies.
inline std::optional<std::int64_t> string_to_timestamp(std::string_view s, const time_zone& zone) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  std::size_t i = 0;
  auto number = [&](std::size_t min_digits, std::size_t max_digits) -> std::optional<int> {
    std::size_t j = i;
    while (j < s.size() && j - i < max_digits && s[j] >= '0' && s[j] <= '9') ++j;
    if (j - i < min_digits) return std::nullopt;
    const int v = detail::to_int(s.substr(i, j - i));
    i = j;
    return v;
  };
  const auto y = number(4, 4);
  if (!y) return std::nullopt;
  int mo = 1, d = 1, h = 0, mi = 0, sec = 0;
  std::int64_t micros = 0;
  if (i < s.size() && s[i] == '-') {
    ++i;
    const auto m = number(1, 2);
    if (!m) return std::nullopt;
    mo = *m;
    if (i < s.size() && s[i] == '-') {
      ++i;
      const auto dd = number(1, 2);
      if (!dd) return std::nullopt;
      d = *dd;
    }
  }
  if (!valid_date(*y, static_cast<unsigned>(mo), static_cast<unsigned>(d))) return std::nullopt;
  std::optional<time_zone> explicit_zone;
  if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
    ++i;
    const auto hh = number(1, 2);
    if (hh) {
      if (i >= s.size() || s[i] != ':') return std::nullopt;
      ++i;
      const auto mm = number(1, 2);
      if (!mm) return std::nullopt;
      h = *hh, mi = *mm;
      if (i < s.size() && s[i] == ':') {
        ++i;
        const auto ss = number(1, 2);
        if (!ss) return std::nullopt;
        sec = *ss;
        if (i < s.size() && s[i] == '.') {
          ++i;
          std::size_t n = 0;
          for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++n)
            if (n < 6) micros = micros * 10 + (s[i] - '0');
          for (std::size_t k = n; k < 6; ++k) micros *= 10;
        }
      }
      if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
    } else if (i < s.size()) {
      return std::nullopt;
    }
  }
  if (i < s.size()) {
    std::string_view rest = s.substr(i);
    if (rest.front() == ' ') rest.remove_prefix(1);
    explicit_zone = parse_zone_id(rest);
    if (!explicit_zone || rest.empty()) return std::nullopt;
  }
  const std::int64_t local = days_from_civil(*y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86'400 +
                             h * 3600 + mi * 60 + sec;
  const time_zone& z = explicit_zone ? *explicit_zone : zone;
  return z.local_to_utc(local) * 1'000'000 + micros;
}

// DateTimeUtils.fromUTCTime(micros, zone): the same wall-clock reading, taken as if it were UTC.
inline std::int64_t from_utc_time(std::int64_t micros, const time_zone& zone) {
  const std::int64_t secs = micros >= 0 ? micros / 1'000'000 : -((-micros + 999'999) / 1'000'000);
  return micros + std::int64_t{zone.offset_at(secs)} * 1'000'000;
}

}  // namespace imgframe::spark_time
