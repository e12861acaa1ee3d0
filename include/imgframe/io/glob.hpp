#pragma once
// Hadoop-style glob patterns (what Spark's pathGlobFilter and input paths accept):
// `*` any run of characters, `?` one character, `[abc]`, `[a-z]`, `[!a]`/`[^a]`, `{jpg,png}`
// (nestable), `\` escapes the next character. A pattern matches one path component: `*` never
// crosses `/`. Characters are bytes (UTF-8 names compare byte-wise).
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace imgframe {

// A Hadoop glob pattern (* ? [abc] [^a-z] {a,b} and backslash escapes), matched on whole names; throws
// std::invalid_argument when malformed.
class glob_pattern {
 public:
  // Parses the pattern.
  explicit glob_pattern(std::string_view pattern) : text_(pattern) {
    std::size_t pos = 0;
    alternatives_ = parse_sequence(pattern, pos, false);
    if (pos != pattern.size()) throw error(pattern, "unmatched '}'");
  }

  // The pattern as given.
  const std::string& text() const noexcept { return text_; }

  // True when name matches the whole pattern.
  bool matches(std::string_view name) const {
    for (const auto& alt : alternatives_)
      if (match(alt, name)) return true;
    return false;
  }

  // True if the text has an unescaped wildcard character (so it names a pattern, not one path).
  static bool has_wildcard(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\\') {
        ++i;
        continue;
      }
      if (s[i] == '*' || s[i] == '?' || s[i] == '[' || s[i] == '{') return true;
    }
    return false;
  }

 private:
  enum class kind { literal, any_one, any_run, char_class };
  struct token {
    kind k = kind::literal;
    char c = 0;
    bool negated = false;
    std::vector<std::pair<unsigned char, unsigned char>> ranges;  // char_class
  };
  using sequence = std::vector<token>;

  static constexpr std::size_t max_alternatives = 4096;  // brace expansion is bounded
  // So is what it expands to (alternatives x tokens; a 4096-way group before 200 KB of literal text
  // would otherwise copy the text 4096 times), and the nesting of groups (parsed recursively).
  static constexpr std::size_t max_expanded_tokens = std::size_t{1} << 20;
  static constexpr int max_nesting = 32;

  static void check_expansion(const std::vector<sequence>& alts, std::string_view pattern) {
    std::size_t total = 0;
    for (const auto& a : alts) total += a.size();
    if (total > max_expanded_tokens) throw error(pattern, "expands to too many {...} combinations of its text");
  }

  static std::invalid_argument error(std::string_view pattern, const char* what) {
    return std::invalid_argument("invalid glob pattern \"" + std::string(pattern) + "\": " + what);
  }

  static std::vector<sequence> cross(const std::vector<sequence>& a, const std::vector<sequence>& b,
                                     std::string_view pattern) {
    if (a.size() * b.size() > max_alternatives) throw error(pattern, "too many {...} alternatives");
    std::vector<sequence> out;
    out.reserve(a.size() * b.size());
    std::size_t total = 0;
    for (const auto& x : a)
      for (const auto& y : b) total += x.size() + y.size();
    if (total > max_expanded_tokens) throw error(pattern, "expands to too many {...} combinations of its text");
    for (const auto& x : a)
      for (const auto& y : b) {
        sequence s = x;
        s.insert(s.end(), y.begin(), y.end());
        out.push_back(std::move(s));
      }
    return out;
  }

  // Parses until end, or (inside braces) until an unescaped ',' or '}' (left at pos).
  static std::vector<sequence> parse_sequence(std::string_view p, std::size_t& pos, bool in_group, int depth = 0) {
    if (depth > max_nesting) throw error(p, "{...} groups nested more than 32 deep");
    std::vector<sequence> result{sequence{}};
    std::size_t tokens = 0;  // in all of result
    auto append = [&](token t) {
      tokens += result.size();
      if (tokens > max_expanded_tokens) throw error(p, "expands to too many {...} combinations of its text");
      for (auto& s : result) s.push_back(t);
    };
    while (pos < p.size()) {
      const char c = p[pos];
      if (in_group && (c == ',' || c == '}')) return result;
      if (c == '}') throw error(p, "unmatched '}'");
      ++pos;
      if (c == '\\') {
        if (pos >= p.size()) throw error(p, "trailing '\\'");
        append(token{kind::literal, p[pos++], false, {}});
      } else if (c == '*') {
        append(token{kind::any_run, 0, false, {}});
      } else if (c == '?') {
        append(token{kind::any_one, 0, false, {}});
      } else if (c == '[') {
        append(parse_class(p, pos));
      } else if (c == '{') {
        std::vector<sequence> group;
        for (;;) {
          auto alt = parse_sequence(p, pos, true, depth + 1);
          group.insert(group.end(), alt.begin(), alt.end());
          if (group.size() > max_alternatives) throw error(p, "too many {...} alternatives");
          if (pos >= p.size()) throw error(p, "unclosed '{'");
          if (p[pos++] == '}') break;
        }
        check_expansion(group, p);
        result = cross(result, group, p);
        tokens = 0;
        for (const auto& seq : result) tokens += seq.size();
      } else {
        append(token{kind::literal, c, false, {}});
      }
    }
    if (in_group) throw error(p, "unclosed '{'");
    return result;
  }

  static token parse_class(std::string_view p, std::size_t& pos) {
    token t{kind::char_class, 0, false, {}};
    if (pos < p.size() && (p[pos] == '!' || p[pos] == '^')) {
      t.negated = true;
      ++pos;
    }
    bool first = true;
    for (;;) {
      if (pos >= p.size()) throw error(p, "unclosed '['");
      char c = p[pos++];
      if (c == ']' && !first) break;
      first = false;
      if (c == '\\') {
        if (pos >= p.size()) throw error(p, "unclosed '['");
        c = p[pos++];
      }
      auto lo = static_cast<unsigned char>(c), hi = lo;
      if (pos + 1 < p.size() && p[pos] == '-' && p[pos + 1] != ']') {
        char h = p[pos + 1];
        pos += 2;
        if (h == '\\') {
          if (pos >= p.size()) throw error(p, "unclosed '['");
          h = p[pos++];
        }
        hi = static_cast<unsigned char>(h);
        if (hi < lo) throw error(p, "character range out of order");
      }
      t.ranges.emplace_back(lo, hi);
    }
    return t;
  }

  static bool match_one(const token& t, char ch) noexcept {
    switch (t.k) {
      case kind::literal: return t.c == ch;
      case kind::any_one: return ch != '/';
      case kind::char_class: {
        if (ch == '/') return false;
        const auto u = static_cast<unsigned char>(ch);
        bool in = false;
        for (auto [lo, hi] : t.ranges) in = in || (u >= lo && u <= hi);
        return in != t.negated;
      }
      case kind::any_run: return false;
    }
    return false;
  }

  // Greedy matching with one backtrack point per star: O(|seq| * |name|), no exponential blowup.
  static bool match(const sequence& seq, std::string_view name) noexcept {
    std::size_t t = 0, n = 0, star = seq.size() + 1, star_n = 0;
    while (n < name.size()) {
      if (t < seq.size() && seq[t].k == kind::any_run) {
        star = t++;
        star_n = n;
      } else if (t < seq.size() && match_one(seq[t], name[n])) {
        ++t, ++n;
      } else if (star <= seq.size() && name[star_n] != '/') {
        t = star + 1;
        n = ++star_n;
      } else {
        return false;
      }
    }
    while (t < seq.size() && seq[t].k == kind::any_run) ++t;
    return t == seq.size();
  }

  std::string text_;
  std::vector<sequence> alternatives_;
};

}  // namespace imgframe
