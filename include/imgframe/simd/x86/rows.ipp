// The dispatched row loops, written once with the operations of `V` (ops.hpp) and included by
// rows.hpp once per x86 level, each time in its own namespace and target region. No include
// guard on purpose; no lambdas (a target region applies to named functions only).
// Every loop ends with a scalar tail computing the same integers as the vector body (or, out of
// place, one more vector ending at the last value).

inline void widen_u8_u16(const std::uint8_t* s, std::uint16_t* d, std::size_t n) {
  std::size_t i = 0;
  for (; i + V::L16 <= n; i += V::L16) V::store(d + i, V::load_u8_u16(s + i));
  for (; i < n; ++i) d[i] = s[i];
}

// out[e] = sum of p[e + i*step], i < k, over a padded row of n + (k-1)*step values (exact in u16:
// the caller keeps k * 255 < 2^16). Short windows add k shifted registers, four registers at a
// time (one add chain per register is latency-bound). Long windows split k = a*b + r: sums of a
// taps into `scratch` (at least n + (k-1)*step values), then b of those a*step apart plus the r
// remaining taps: a + b + r loads per output instead of k (15 = 5*3: 8; 25 = 5*5: 10).
inline void shifted_sum_u16(const std::uint16_t* p, int k, std::size_t step, std::uint16_t* out, std::size_t n,
                            bool accumulate) {
  constexpr std::size_t L = V::L16;
  std::size_t e = 0;
  for (; e + 4 * L <= n; e += 4 * L) {
    const std::uint16_t* q = p + e;
    typename V::reg a0 = V::load(q), a1 = V::load(q + L), a2 = V::load(q + 2 * L), a3 = V::load(q + 3 * L);
    for (int i = 1; i < k; ++i) {
      q += step;
      a0 = V::add16(a0, V::load(q));
      a1 = V::add16(a1, V::load(q + L));
      a2 = V::add16(a2, V::load(q + 2 * L));
      a3 = V::add16(a3, V::load(q + 3 * L));
    }
    if (accumulate) {
      a0 = V::add16(a0, V::load(out + e));
      a1 = V::add16(a1, V::load(out + e + L));
      a2 = V::add16(a2, V::load(out + e + 2 * L));
      a3 = V::add16(a3, V::load(out + e + 3 * L));
    }
    V::store(out + e, a0);
    V::store(out + e + L, a1);
    V::store(out + e + 2 * L, a2);
    V::store(out + e + 3 * L, a3);
  }
  for (; e + L <= n; e += L) {
    typename V::reg acc = accumulate ? V::load(out + e) : V::load(p + e);
    for (int i = accumulate ? 0 : 1; i < k; ++i) acc = V::add16(acc, V::load(p + e + static_cast<std::size_t>(i) * step));
    V::store(out + e, acc);
  }
  for (; e < n; ++e) {
    unsigned s = accumulate ? out[e] : 0u;
    for (int i = 0; i < k; ++i) s += p[e + static_cast<std::size_t>(i) * step];
    out[e] = static_cast<std::uint16_t>(s);
  }
}

inline void window_sum_u16(const std::uint16_t* p, int k, std::size_t step, std::uint16_t* out, std::size_t n,
                           std::uint16_t* scratch) {
  if (k <= 8) return shifted_sum_u16(p, k, step, out, n, false);
  int a = 2;
  for (int c = 3; c * c <= 4 * k; ++c)
    if (c + k / c + k % c < a + k / a + k % a) a = c;
  const int b = k / a, r = k % a;
  const std::size_t block = static_cast<std::size_t>(a) * step;
  shifted_sum_u16(p, a, step, scratch, n + static_cast<std::size_t>(b - 1) * block, false);
  shifted_sum_u16(scratch, b, block, out, n, false);
  if (r > 0) shifted_sum_u16(p + static_cast<std::size_t>(b) * block, r, step, out, n, true);
}

inline void add_u16(std::uint16_t* acc, const std::uint16_t* r, std::size_t n) {
  std::size_t i = 0;
  for (; i + V::L16 <= n; i += V::L16) V::store(acc + i, V::add16(V::load(acc + i), V::load(r + i)));
  for (; i < n; ++i) acc[i] = static_cast<std::uint16_t>(acc[i] + r[i]);
}

// d = floor((acc + bias) / area) exactly (div's magic numbers), then acc += plus - minus if plus.
inline void box_column_u16(std::uint16_t* acc, const std::uint16_t* plus, const std::uint16_t* minus, std::uint8_t* d,
                           std::size_t n, const u16_divider& div) {
  const typename V::reg bias = V::set16(div.bias), magic = V::set16(div.magic);
  std::size_t i = 0;
  for (; i + V::L16 <= n; i += V::L16) {
    const typename V::reg s = V::load(acc + i);
    const typename V::reg x = V::add16(s, bias);
    const typename V::reg t = V::mulhi_u16(x, magic);
    V::store_u16_u8(d + i, V::srl16(V::add16(t, V::srl16(V::sub16(x, t), 1)), div.shift));
    if (plus != nullptr) V::store(acc + i, V::sub16(V::add16(s, V::load(plus + i)), V::load(minus + i)));
  }
  for (; i < n; ++i) {
    const unsigned q = div(acc[i]);  // 256 for a 2-pixel window of 255s: saturated, as the vector pack
    d[i] = static_cast<std::uint8_t>(q > 255 ? 255 : q);
    if (plus != nullptr) acc[i] = static_cast<std::uint16_t>(acc[i] + plus[i] - minus[i]);
  }
}

inline void add_u16_i32(std::int32_t* acc, const std::uint16_t* r, std::size_t n) {
  std::size_t i = 0;
  for (; i + V::L32 <= n; i += V::L32) V::store(acc + i, V::add32(V::load(acc + i), V::load_u16_i32(r + i)));
  for (; i < n; ++i) acc[i] += r[i];
}

// d = round(acc * scale) (half to even, in float), then acc += plus - minus if plus.
inline void box_column_i32(std::int32_t* acc, const std::uint16_t* plus, const std::uint16_t* minus, std::uint8_t* d,
                           std::size_t n, float scale) {
  std::size_t i = 0;
  for (; i + V::L32 <= n; i += V::L32) {
    const typename V::reg s = V::load(acc + i);
    V::store_scaled_u8(d + i, s, scale);
    if (plus != nullptr) V::store(acc + i, V::sub32(V::add32(s, V::load_u16_i32(plus + i)), V::load_u16_i32(minus + i)));
  }
  for (; i < n; ++i) {
    const int r = _mm_cvtss_si32(_mm_set_ss(static_cast<float>(acc[i]) * scale));
    d[i] = static_cast<std::uint8_t>(r < 0 ? 0 : (r > 255 ? 255 : r));
    if (plus != nullptr) acc[i] += static_cast<std::int32_t>(plus[i]) - static_cast<std::int32_t>(minus[i]);
  }
}

// Symmetric m-tap correlation along a padded row, Q8 weights w (sum <= 256), exact in u16:
// out[e] = w[h] * p[e + h*step] + sum_{i<h} w[i] * (p[e + i*step] + p[e + (m-1-i)*step]), h = m/2.
inline void symmetric_row_u16(const std::uint16_t* p, const std::uint16_t* w, int m, std::size_t step, std::uint16_t* out,
                              std::size_t n) {
  const int h = m / 2;
  std::size_t e = 0;
  for (; e + V::L16 <= n; e += V::L16) {
    typename V::reg acc = V::mullo16(V::load(p + e + static_cast<std::size_t>(h) * step), V::set16(w[h]));
    for (int i = 0; i < h; ++i) {
      const typename V::reg pair = V::add16(V::load(p + e + static_cast<std::size_t>(i) * step),
                                            V::load(p + e + static_cast<std::size_t>(m - 1 - i) * step));
      acc = V::add16(acc, V::mullo16(pair, V::set16(w[i])));
    }
    V::store(out + e, acc);
  }
  for (; e < n; ++e) {
    unsigned s = 0;
    for (int i = 0; i < m; ++i) s += w[i] * p[e + static_cast<std::size_t>(i) * step];
    out[e] = static_cast<std::uint16_t>(s);
  }
}

// d[e] = (sum_j w[j] * rows[j][e] + 2^15) >> 16 for symmetric Q8 weights and rows of Q8 values
// (<= 255 * 256). The 24-bit sum is split as 256 * A + B with A, B the sums over the high and low
// bytes of the rows (each < 2^16), so the rounding is (A + (B >> 8) + 128) >> 8, all in u16.
inline void symmetric_column_u8(const std::uint16_t* const* rows, const std::uint16_t* w, int m, std::uint8_t* d,
                                std::size_t n) {
  const int h = m / 2;
  const typename V::reg low = V::set16(0xff), one = V::set16(1);
  std::size_t e = 0;
  for (; e + V::L16 <= n; e += V::L16) {
    const typename V::reg c = V::load(rows[h] + e), wc = V::set16(w[h]);
    typename V::reg a = V::mullo16(V::srl16(c, 8), wc), b = V::mullo16(V::and_(c, low), wc);
    for (int j = 0; j < h; ++j) {
      const typename V::reg x = V::load(rows[j] + e), y = V::load(rows[m - 1 - j] + e), wj = V::set16(w[j]);
      a = V::add16(a, V::mullo16(V::add16(V::srl16(x, 8), V::srl16(y, 8)), wj));
      b = V::add16(b, V::mullo16(V::add16(V::and_(x, low), V::and_(y, low)), wj));
    }
    const typename V::reg t = V::add16(a, V::srl16(b, 8));
    V::store_u16_u8(d + e, V::add16(V::srl16(t, 8), V::and_(V::srl16(t, 7), one)));
  }
  for (; e < n; ++e) {
    std::uint32_t s = 0;
    for (int j = 0; j < m; ++j) s += static_cast<std::uint32_t>(w[j]) * rows[j][e];
    d[e] = static_cast<std::uint8_t>((s + (1u << 15)) >> 16);
  }
}

// d[e] = (T + 2^(shift-1)) >> shift (T itself for shift 0), T = sum_j w[j] * rows[j][e] for
// symmetric weights, when T < 2^16: then u16 lanes compute T exactly (mod 2^16 on the way).
inline void symmetric_column_u16(const std::uint16_t* const* rows, const std::uint16_t* w, int m, int shift,
                                 std::uint8_t* d, std::size_t n) {
  const int h = m / 2;
  const unsigned round = shift > 0 ? 1u << (shift - 1) : 0u;
  const typename V::reg vround = V::set16(static_cast<int>(round));
  std::size_t e = 0;
  for (; e + V::L16 <= n; e += V::L16) {
    typename V::reg acc = V::mullo16(V::load(rows[h] + e), V::set16(w[h]));
    for (int j = 0; j < h; ++j)
      acc = V::add16(acc, V::mullo16(V::add16(V::load(rows[j] + e), V::load(rows[m - 1 - j] + e)), V::set16(w[j])));
    V::store_u16_u8(d + e, V::srl16(V::add16(acc, vround), shift));
  }
  for (; e < n; ++e) {
    unsigned s = 0;
    for (int j = 0; j < m; ++j) s += static_cast<unsigned>(w[j]) * rows[j][e];
    d[e] = static_cast<std::uint8_t>((s + round) >> shift);
  }
}

// d[e] = saturate(round(sum_j k[j] * rows[j][e])) in float, the taps added in order j = 0, 1, ...
// starting from 0, each as V::mul_add_f32 (fused from AVX2 on, as OpenCV's dispatched filter loop).
inline void taps_u8_f32(const std::uint8_t* const* rows, const float* k, int m, std::uint8_t* d, std::size_t n) {
  std::size_t e = 0;
  for (; e + 2 * V::L32 <= n; e += 2 * V::L32) {
    typename V::freg a0 = V::set_f32(0.f), a1 = V::set_f32(0.f);
    for (int j = 0; j < m; ++j) {
      const typename V::freg kj = V::set_f32(k[j]);
      a0 = V::mul_add_f32(kj, V::load_u8_f32(rows[j] + e), a0);
      a1 = V::mul_add_f32(kj, V::load_u8_f32(rows[j] + e + V::L32), a1);
    }
    V::store_f32_u8(d + e, a0);
    V::store_f32_u8(d + e + V::L32, a1);
  }
  for (; e < n; ++e) {
    float acc = 0.f;
    for (int j = 0; j < m; ++j) {
      const float x = rows[j][e];
      if constexpr (V::fused) {
        acc = std::fma(k[j], x, acc);
      } else {
        float p = k[j] * x;
        __asm__("" : "+x"(p));
        acc = p + acc;
      }
    }
    const int r = _mm_cvtss_si32(_mm_set_ss(acc));
    d[e] = static_cast<std::uint8_t>(r < 0 ? 0 : (r > 255 ? 255 : r));
  }
}

// OpenCV's u8 INTER_LINEAR vertical step: d[e] = saturate_u8((((b0 * h0[e]) >> 16) + ((b1 * h1[e]) >> 16) + 2) >> 2)
// for rows h = S >> 4 as int16 (the horizontal steps) and Q11 weights 0 <= b <= 2^11 (so the sum
// is >= 0 before the narrowing store).
inline void vertical_q11_u8(const std::int16_t* h0, const std::int16_t* h1, std::int16_t b0, std::int16_t b1,
                            std::uint8_t* d, std::size_t n) {
  const typename V::reg w0 = V::set16(b0), w1 = V::set16(b1), two = V::set16(2);
  std::size_t e = 0;
  for (; e + V::L16 <= n; e += V::L16) {
    const typename V::reg t = V::add16(V::mulhi_i16(V::load(h0 + e), w0), V::mulhi_i16(V::load(h1 + e), w1));
    V::store_u16_u8(d + e, V::sra16(V::add16(t, two), 2));
  }
  for (; e < n; ++e) {
    const int r = ((((b0 * h0[e]) >> 16) + ((b1 * h1[e]) >> 16)) + 2) >> 2;
    d[e] = static_cast<std::uint8_t>(r < 0 ? 0 : (r > 255 ? 255 : r));
  }
}

// q11_pairs' pshufb control: byte k and byte k + C, zero-extended, per 32-bit lane k (-1: a zero byte).
inline __m128i q11_order(int C) {
  return C == 3 ? _mm_setr_epi8(0, -1, 3, -1, 1, -1, 4, -1, 2, -1, 5, -1, 3, -1, 6, -1)
                : _mm_setr_epi8(0, -1, 4, -1, 1, -1, 5, -1, 2, -1, 6, -1, 3, -1, 7, -1);
}

// The 8 bytes at p as the pairs (p[k], p[k + C]) of 16-bit values, one pair per 32-bit lane k < 4.
inline __m128i q11_pairs(const std::uint8_t* p, [[maybe_unused]] __m128i order, [[maybe_unused]] int C) {
  const __m128i v = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
#if IMGFRAME_X86_ROWS_SSSE3
  return _mm_shuffle_epi8(v, order);
#else
  const __m128i w = _mm_unpacklo_epi8(v, _mm_setzero_si128());
  return _mm_unpacklo_epi16(w, C == 3 ? _mm_srli_si128(w, 6) : _mm_srli_si128(w, 8));
#endif
}

// S >> 4 of one pixel as four int32 (q11_pairs at p times its weights w).
inline __m128i q11_lerp(const std::uint8_t* p, const std::int32_t* w, __m128i order, int C) {
  return _mm_srai_epi32(_mm_madd_epi16(q11_pairs(p, order, C), _mm_loadu_si128(reinterpret_cast<const __m128i*>(w))), 4);
}

// Two pixels' values (8 int16, 4 per pixel) to o and o + C.
inline void q11_store2(std::int16_t* o, int C, __m128i v) {
  if (C == 4) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), v);
  } else {
    _mm_storel_epi64(reinterpret_cast<__m128i*>(o), v);
    _mm_storeh_pi(reinterpret_cast<__m64*>(o + 3), _mm_castsi128_ps(v));
  }
}

// OpenCV's u8 INTER_LINEAR horizontal step for C = 3 or 4 channels, pixels [0, count) of row s0
// into o0 and, if s1, of row s1 into o1 (the same offsets and weights): o[p*C + k] = S >> 4,
// S = s[xofs[p] + k] * w0 + s[xofs[p] + k + C] * w1 for k < C, with w4[4p..4p+3] the pixel's packed
// weight pair (see resize_opencv.hpp) and all 8 bytes at s + xofs[p] readable. Writes 4 values per
// pixel (C = 3: one past the pixel, rewritten by the next one). 128-bit on every level: a pshufb
// pairs the bytes in one shuffle where SSE2 needs three (256/512-bit shuffles would all queue
// on one port on Intel), and two pixels share one pack.
__attribute__((always_inline)) inline void lerp_rows_q11_c(const std::uint8_t* s0, const std::uint8_t* s1, int C,
                                                            const int* xofs, const std::int32_t* w4, std::int16_t* o0,
                                                            std::int16_t* o1, std::size_t count) {
  const __m128i order = q11_order(C);
  const auto c = static_cast<std::size_t>(C);
  std::size_t p = 0;
  for (; p + 2 <= count; p += 2) {
    const std::int32_t* w = w4 + 4 * p;
    q11_store2(o0 + p * c, C, _mm_packs_epi32(q11_lerp(s0 + xofs[p], w, order, C), q11_lerp(s0 + xofs[p + 1], w + 4, order, C)));
    if (s1 != nullptr)
      q11_store2(o1 + p * c, C, _mm_packs_epi32(q11_lerp(s1 + xofs[p], w, order, C), q11_lerp(s1 + xofs[p + 1], w + 4, order, C)));
  }
  if (p < count) {  // an odd last pixel
    const __m128i a = q11_lerp(s0 + xofs[p], w4 + 4 * p, order, C);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(o0 + p * c), _mm_packs_epi32(a, a));
    if (s1 != nullptr) {
      const __m128i b = q11_lerp(s1 + xofs[p], w4 + 4 * p, order, C);
      _mm_storel_epi64(reinterpret_cast<__m128i*>(o1 + p * c), _mm_packs_epi32(b, b));
    }
  }
}

inline void lerp_rows_q11_u8(const std::uint8_t* s0, const std::uint8_t* s1, int C, const int* xofs, const std::int32_t* w4,
                             std::int16_t* o0, std::int16_t* o1, std::size_t count) {
  if (C == 3) return lerp_rows_q11_c(s0, s1, 3, xofs, w4, o0, o1, count);  // C a constant in each copy
  lerp_rows_q11_c(s0, s1, 4, xofs, w4, o0, o1, count);
}

// One term of area_row_*: the pixel at table entry t of a row of values `bytes` wide (1: u8,
// 2: u16, 4: f32) times its weight, the pixel's channels in the 4 float lanes (C = 3: lane 3 holds
// the next pixel's value, or 0 at the row's end; never read).
__attribute__((always_inline)) inline __m128 area_term_f32(const void* row, int sw, int C, int bytes, const area_term& t) {
  const char* p = static_cast<const char*>(row) + static_cast<std::size_t>(t.si) * static_cast<std::size_t>(C * bytes);
  const bool whole = C == 4 || t.si + 1 < sw;  // 4 values readable (not the row's last pixel of 3)
  __m128 x;
  if (bytes == 4) {
    x = whole ? _mm_loadu_ps(reinterpret_cast<const float*>(p))
              : _mm_movelh_ps(_mm_castpd_ps(_mm_load_sd(reinterpret_cast<const double*>(p))),
                              _mm_load_ss(reinterpret_cast<const float*>(p) + 2));
  } else if (bytes == 2) {
    long long v = 0;
    if (whole)
      std::memcpy(&v, p, 8);
    else
      std::memcpy(&v, p, 6);
#if IMGFRAME_X86_ROWS_SSSE3
    x = _mm_cvtepi32_ps(_mm_cvtepu16_epi32(_mm_cvtsi64_si128(v)));
#else
    x = _mm_cvtepi32_ps(_mm_unpacklo_epi16(_mm_cvtsi64_si128(v), _mm_setzero_si128()));
#endif
  } else {
    int v = 0;
    if (whole)
      std::memcpy(&v, p, 4);
    else
      std::memcpy(&v, p, 3);
#if IMGFRAME_X86_ROWS_SSSE3
    x = _mm_cvtepi32_ps(_mm_cvtepu8_epi32(_mm_cvtsi32_si128(v)));
#else
    const __m128i z = _mm_setzero_si128();
    x = _mm_cvtepi32_ps(_mm_unpacklo_epi16(_mm_unpacklo_epi8(_mm_cvtsi32_si128(v), z), z));
#endif
  }
  __m128 r = _mm_mul_ps(x, _mm_set1_ps(t.alpha));
  __asm__("" : "+x"(r));  // a product and a sum, as OpenCV, even where the build contracts
  return r;
}

// OpenCV's INTER_AREA horizontal step on u8, u16 or f32 (`bytes` 1, 2, 4) with C = 3 or 4
// channels, fractional ratio: buf4[4 dx + k] = sum over the entries of tab for destination pixel dx
// (tab[start[dx]] .. tab[start[dx + 1] - 1], in order) of alpha * s[si * C + k], as float products
// added one by one from 0 (the scalar step's operations in its order). Two destination pixels at a
// time (two independent add chains). From AVX2 on an integer term is a pmovzx and a broadcast load
// where SSE2 needs up to three shuffles.
__attribute__((always_inline)) inline void area_row_c(const void* s, int sw, int C, int bytes, const area_term* tab,
                                                       const std::size_t* start, float* buf4, std::size_t dw) {
  std::size_t dx = 0;
  for (; dx + 2 <= dw; dx += 2) {
    std::size_t ka = start[dx], kb = start[dx + 1];
    const std::size_t ea = kb, eb = start[dx + 2];
    __m128 a = _mm_setzero_ps(), b = _mm_setzero_ps();
    for (; ka < ea && kb < eb; ++ka, ++kb) {
      a = _mm_add_ps(a, area_term_f32(s, sw, C, bytes, tab[ka]));
      b = _mm_add_ps(b, area_term_f32(s, sw, C, bytes, tab[kb]));
    }
    for (; ka < ea; ++ka) a = _mm_add_ps(a, area_term_f32(s, sw, C, bytes, tab[ka]));
    for (; kb < eb; ++kb) b = _mm_add_ps(b, area_term_f32(s, sw, C, bytes, tab[kb]));
    _mm_storeu_ps(buf4 + dx * 4, a);
    _mm_storeu_ps(buf4 + dx * 4 + 4, b);
  }
  for (; dx < dw; ++dx) {
    __m128 a = _mm_setzero_ps();
    for (std::size_t k = start[dx]; k < start[dx + 1]; ++k) a = _mm_add_ps(a, area_term_f32(s, sw, C, bytes, tab[k]));
    _mm_storeu_ps(buf4 + dx * 4, a);
  }
}

// area_row_c on u8 (C a constant in each copy).
inline void area_row_u8(const std::uint8_t* s, int sw, int C, const area_term* tab, const std::size_t* start,
                        float* buf4, std::size_t dw) {
  if (C == 3) return area_row_c(s, sw, 3, 1, tab, start, buf4, dw);
  area_row_c(s, sw, 4, 1, tab, start, buf4, dw);
}
// area_row_c on u16.
inline void area_row_u16(const std::uint16_t* s, int sw, int C, const area_term* tab, const std::size_t* start,
                         float* buf4, std::size_t dw) {
  if (C == 3) return area_row_c(s, sw, 3, 2, tab, start, buf4, dw);
  area_row_c(s, sw, 4, 2, tab, start, buf4, dw);
}
// area_row_c on f32.
inline void area_row_f32(const float* s, int sw, int C, const area_term* tab, const std::size_t* start, float* buf4,
                         std::size_t dw) {
  if (C == 3) return area_row_c(s, sw, 3, 4, tab, start, buf4, dw);
  area_row_c(s, sw, 4, 4, tab, start, buf4, dw);
}

// Pillow's u8 antialias horizontal step for C = 3 or 4 channels, output pixels [0, count) of row s:
// m[o*C + k] = clamp((2^21 + sum_x q[x] * s[(first[o] + x) * C + k]) >> 22, 0, 255) for k < C, the
// Q22 weights of pixel o given as `pairs` tap pairs split in 11-bit halves (hi, lo: see
// antialias_pairs in resize_antialias.hpp), all 8 bytes at each pair's first tap readable. Writes 4
// values per pixel (C = 3: one past the pixel). A tap pair is one q11_pairs: one pshufb from AVX2 on
// (SSE2: three shuffles), its weights broadcast from memory (SSE2: a shuffle each).
__attribute__((always_inline)) inline void antialias_row_c(const std::uint8_t* s, int C, const int* first, int pairs,
                                                            const std::int32_t* hi, const std::int32_t* lo,
                                                            std::int32_t* m, std::size_t count) {
  const __m128i order = q11_order(C), round = _mm_set1_epi32(1 << 21);
  const auto c = static_cast<std::size_t>(C), np = static_cast<std::size_t>(pairs);
  for (std::size_t o = 0; o < count; ++o) {
    const std::uint8_t* p = s + static_cast<std::size_t>(first[o]) * c;
    const std::int32_t* h = hi + o * np;
    const std::int32_t* l = lo + o * np;
    __m128i sh = _mm_setzero_si128(), sl = _mm_setzero_si128();
    for (std::size_t j = 0; j < np; ++j, p += 2 * c) {
      const __m128i x = q11_pairs(p, order, C);
      sh = _mm_add_epi32(sh, _mm_madd_epi16(x, _mm_set1_epi32(h[j])));
      sl = _mm_add_epi32(sl, _mm_madd_epi16(x, _mm_set1_epi32(l[j])));
    }
    const __m128i v = _mm_srai_epi32(_mm_add_epi32(_mm_add_epi32(_mm_slli_epi32(sh, 11), sl), round), 22);
#if IMGFRAME_X86_ROWS_SSSE3
    const __m128i r = _mm_min_epi32(_mm_max_epi32(v, _mm_setzero_si128()), _mm_set1_epi32(255));
#else
    const __m128i b = _mm_packus_epi16(_mm_packs_epi32(v, v), _mm_setzero_si128());
    const __m128i r = _mm_unpacklo_epi16(_mm_unpacklo_epi8(b, _mm_setzero_si128()), _mm_setzero_si128());
#endif
    _mm_storeu_si128(reinterpret_cast<__m128i*>(m + o * c), r);
  }
}

inline void antialias_row_u8(const std::uint8_t* s, int C, const int* first, int pairs, const std::int32_t* hi,
                             const std::int32_t* lo, std::int32_t* m, std::size_t count) {
  if (C == 3) return antialias_row_c(s, 3, first, pairs, hi, lo, m, count);  // C a constant in each copy
  antialias_row_c(s, 4, first, pairs, hi, lo, m, count);
}

// 4 values at p (u16: `bytes` 2, f32: 4) as floats.
__attribute__((always_inline)) inline __m128 load4_f32(const char* p, int bytes) {
  if (bytes == 4) return _mm_loadu_ps(reinterpret_cast<const float*>(p));
  const __m128i v = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
#if IMGFRAME_X86_ROWS_SSSE3
  return _mm_cvtepi32_ps(_mm_cvtepu16_epi32(v));
#else
  return _mm_cvtepi32_ps(_mm_unpacklo_epi16(v, _mm_setzero_si128()));
#endif
}

// OpenCV's INTER_LINEAR horizontal step on u16 or f32 (`bytes` 2, 4) with C = 3 or 4 channels,
// pixels [0, count): out[p*C + k] = s[xofs[p] + k] * w0[p] + s[xofs[p] + k + C] * w1[p] in float,
// two products and a sum (never fused), for k < 4: all 8 values at s + xofs[p] readable; C = 3
// writes one value past the pixel (rewritten by the next one).
__attribute__((always_inline)) inline void lerp_rows_float_c(const void* s, int C, int bytes, const int* xofs,
                                                              const float* w0, const float* w1, float* out,
                                                              std::size_t count) {
  const auto c = static_cast<std::size_t>(C);
  for (std::size_t p = 0; p < count; ++p) {
    const char* q = static_cast<const char*>(s) + static_cast<std::size_t>(xofs[p]) * static_cast<std::size_t>(bytes);
    __m128 a = _mm_mul_ps(load4_f32(q, bytes), _mm_set1_ps(w0[p]));
    __m128 b = _mm_mul_ps(load4_f32(q + C * bytes, bytes), _mm_set1_ps(w1[p]));
    __asm__("" : "+x"(a), "+x"(b));  // two roundings, as OpenCV's baseline code, where the target has FMA
    _mm_storeu_ps(out + p * c, _mm_add_ps(a, b));
  }
}

// lerp_rows_float_c on u16 (C a constant in each copy).
inline void lerp_rows_u16(const std::uint16_t* s, int C, const int* xofs, const float* w0, const float* w1, float* out,
                          std::size_t count) {
  if (C == 3) return lerp_rows_float_c(s, 3, 2, xofs, w0, w1, out, count);
  lerp_rows_float_c(s, 4, 2, xofs, w0, w1, out, count);
}
// lerp_rows_float_c on f32.
inline void lerp_rows_f32(const float* s, int C, const int* xofs, const float* w0, const float* w1, float* out,
                          std::size_t count) {
  if (C == 3) return lerp_rows_float_c(s, 3, 4, xofs, w0, w1, out, count);
  lerp_rows_float_c(s, 4, 4, xofs, w0, w1, out, count);
}

// 4 of vertical_f32_u16's values at e as int32, rounded half to even (the default MXCSR).
inline __m128i vertical_f32_i32(const float* s0, const float* s1, __m128 b0, __m128 b1, std::size_t e) {
  __m128 p = _mm_mul_ps(_mm_loadu_ps(s0 + e), b0), q = _mm_mul_ps(_mm_loadu_ps(s1 + e), b1);
  __asm__("" : "+x"(p), "+x"(q));  // two roundings, as OpenCV's baseline code, where the target has FMA
  return _mm_cvtps_epi32(_mm_add_ps(p, q));
}

#if !IMGFRAME_X86_ROWS_SSSE3
// min(max(v, 0), 65535) - 32768 per int32 lane.
inline __m128i clamp_u16_biased(__m128i v) {
  v = _mm_and_si128(v, _mm_cmpgt_epi32(v, _mm_setzero_si128()));
  const __m128i top = _mm_set1_epi32(65535), over = _mm_cmpgt_epi32(v, top);
  return _mm_sub_epi32(_mm_or_si128(_mm_andnot_si128(over, v), _mm_and_si128(over, top)), _mm_set1_epi32(32768));
}
#endif

// OpenCV's u16 INTER_LINEAR vertical step: d[e] = saturate_cast<ushort>(s0[e] * b0 + s1[e] * b1)
// for float rows s0, s1 (the horizontal steps): two float products and a sum, never fused,
// rounded half to even and clamped to 0..65535 (an out-of-range float converts to INT_MIN: 0).
inline void vertical_f32_u16(const float* s0, const float* s1, float b0, float b1, std::uint16_t* d, std::size_t n) {
  const __m128 w0 = _mm_set1_ps(b0), w1 = _mm_set1_ps(b1);
  std::size_t e = 0;
  for (; e + 8 <= n; e += 8) {
    const __m128i lo = vertical_f32_i32(s0, s1, w0, w1, e), hi = vertical_f32_i32(s0, s1, w0, w1, e + 4);
#if IMGFRAME_X86_ROWS_SSSE3
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d + e), _mm_packus_epi32(lo, hi));
#else  // SSE2 has no packus_epi32: clamp, then a signed pack of v - 32768
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d + e),
                     _mm_xor_si128(_mm_packs_epi32(clamp_u16_biased(lo), clamp_u16_biased(hi)),
                                   _mm_set1_epi16(static_cast<short>(0x8000))));
#endif
  }
  for (; e < n; ++e) {
    float p = s0[e] * b0, q = s1[e] * b1;
    __asm__("" : "+x"(p), "+x"(q));
    const int r = _mm_cvtss_si32(_mm_set_ss(p + q));
    d[e] = static_cast<std::uint16_t>(r < 0 ? 0 : (r > 65535 ? 65535 : r));
  }
}

// Pillow's u8 antialias vertical step: d[e] = clamp((2^21 + sum_j k[j] * rows[j][e]) >> 22, 0, 255)
// for m rows of values 0..255 as int32 and Q22 weights 0 <= k[j] <= 2^22. Two rows per pmaddwd: a
// row pair is one dword per value, row 2i in the low half and row 2i + 1 in the high half, times
// the pair's weights split in 11-bit halves (hi[i] = k >> 11, lo[i] = k & 2047 of both rows, packed
// the same way; an odd last row pairs with itself at weight 0): sum = 2^11 * H + L exactly.
inline void antialias_column_u8(const std::int32_t* const* rows, int m, const std::int32_t* k, const std::int32_t* hi,
                                const std::int32_t* lo, std::uint8_t* d, std::size_t n) {
  const int pairs = (m + 1) / 2;
  const typename V::reg round = V::set32(1 << 21);
  std::size_t e = 0;
  for (; e + V::L32 <= n; e += V::L32) {
    typename V::reg h = V::set32(0), l = V::set32(0);
    for (int i = 0; i < pairs; ++i) {
      const std::int32_t* r1 = rows[2 * i + 1 < m ? 2 * i + 1 : 2 * i];
      const typename V::reg pair = V::or_(V::load(rows[2 * i] + e), V::sll32(V::load(r1 + e), 16));
      h = V::add32(h, V::madd16(pair, V::set32(hi[i])));
      l = V::add32(l, V::madd16(pair, V::set32(lo[i])));
    }
    V::store_i32_u8(d + e, V::sra32(V::add32(V::add32(V::sll32(h, 11), l), round), 22));
  }
  for (; e < n; ++e) {
    std::int32_t acc = 1 << 21;
    for (int j = 0; j < m; ++j) acc += k[j] * rows[j][e];
    const std::int32_t v = acc >> 22;
    d[e] = static_cast<std::uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
  }
}

// One vector of threshold_u8 at s + i.
inline void threshold_step_u8(const std::uint8_t* s, std::uint8_t* d, std::size_t i, typename V::reg vt,
                              typename V::reg vm, int type) {
  const typename V::reg v = V::load(s + i), le = V::le_u8(v, vt);
  typename V::reg r;
  switch (type) {
    case 0: r = V::andnot(le, vm); break;
    case 1: r = V::and_(le, vm); break;
    case 2: r = V::min_u8(v, vt); break;
    case 3: r = V::andnot(le, v); break;
    default: r = V::and_(le, v); break;
  }
  V::store(d + i, r);
}

// cv::threshold on u8 for 0 <= t < 255 (types as kernels::threshold_type). When d and s do not
// overlap, the last n % L8 values are one more vector ending at n (recomputing a few).
inline void threshold_u8(const std::uint8_t* s, std::uint8_t* d, std::size_t n, std::uint8_t t, std::uint8_t m, int type) {
  const typename V::reg vt = V::set8(t), vm = V::set8(m);
  std::size_t i = 0;
  for (; i + V::L8 <= n; i += V::L8) threshold_step_u8(s, d, i, vt, vm, type);
  const auto sa = reinterpret_cast<std::uintptr_t>(s), da = reinterpret_cast<std::uintptr_t>(d);
  if (i < n && n >= V::L8 && (da + n <= sa || sa + n <= da)) {
    threshold_step_u8(s, d, n - V::L8, vt, vm, type);
    return;
  }
  for (; i < n; ++i) {
    const bool above = s[i] > t;
    switch (type) {
      case 0: d[i] = above ? m : 0; break;
      case 1: d[i] = above ? 0 : m; break;
      case 2: d[i] = above ? t : s[i]; break;
      case 3: d[i] = above ? s[i] : 0; break;
      default: d[i] = above ? 0 : s[i]; break;
    }
  }
}

#if IMGFRAME_X86_ROWS_F64
// V::channel_of(step, c), built once.
inline const typename V::reg& channel_control(std::size_t step, int c) {
  static const typename V::reg controls[16] = {
      V::channel_of(1, 0), V::channel_of(1, 1), V::channel_of(1, 2), V::channel_of(1, 3),
      V::channel_of(2, 0), V::channel_of(2, 1), V::channel_of(2, 2), V::channel_of(2, 3),
      V::channel_of(3, 0), V::channel_of(3, 1), V::channel_of(3, 2), V::channel_of(3, 3),
      V::channel_of(4, 0), V::channel_of(4, 1), V::channel_of(4, 2), V::channel_of(4, 3)};
  return controls[(step - 1) * 4 + static_cast<std::size_t>(c)];
}

// Where d stands in its 64-byte line (16 floats: the AVX-512 vector; 2 AVX2 vectors).
inline std::size_t line_offset(const float* d) { return reinterpret_cast<std::uintptr_t>(d) % 64; }

// Pixels [i, i + count) of a row for the planes p[0..planes), from their tables: the ends of the
// row that fill no whole vector (partial vectors with masked loads and stores were slower: W4 with
// rows 16 bytes past a line, 1.22 -> 1.31 ms). stream: non-temporal 4-byte stores, so that no line
// of a streamed output is read in (W4 after 75 MB of other stores, rows 16 bytes past a line:
// 2.07-2.14 -> 1.80-1.92 ms).
inline void affine_part(const std::uint8_t* s, std::size_t st, const affine_plane_row* p, int planes, std::size_t i,
                        std::size_t count, bool stream) {
  for (int j = 0; j < planes; ++j) {
    const std::uint8_t* c = s + p[j].channel;
    if (stream) {
      for (std::size_t e = i; e < i + count; ++e) {
        int bits;
        std::memcpy(&bits, p[j].table + c[e * st], sizeof bits);
        _mm_stream_si32(reinterpret_cast<int*>(p[j].d + e), bits);
      }
    } else {
      for (std::size_t e = i; e < i + count; ++e) p[j].d[e] = p[j].table[c[e * st]];
    }
  }
}

// The whole vectors of one plane from pixel i on; returns where they stop.
inline std::size_t affine_body_1(const std::uint8_t* s, std::size_t st, const affine_plane_row& p, std::size_t i,
                                 std::size_t n, bool stream, const typename V::pixel_picker& k) {
  // Copies: the float stores may alias anything the loop would otherwise read again.
  const typename V::pixel_picker kk = k;
  const typename V::reg c = channel_control(st, p.channel);
  const double a = p.a, b = p.b;
  float* const d = p.d;
  if (stream)
    for (; i + V::LF <= n; i += V::LF)
      V::store_affine_f32(d + i, V::channel_i32(V::load_pixels(s + i * st, kk), c), a, b, true);
  else
    for (; i + V::LF <= n; i += V::LF)
      V::store_affine_f32(d + i, V::channel_i32(V::load_pixels(s + i * st, kk), c), a, b, false);
  return i;
}

// The same for three planes, each vector of pixels loaded once for all of them.
inline std::size_t affine_body_3(const std::uint8_t* s, std::size_t st, const affine_plane_row* p, std::size_t i,
                                 std::size_t n, bool stream, const typename V::pixel_picker& k) {
  const typename V::pixel_picker kk = k;
  const typename V::reg c0 = channel_control(st, p[0].channel), c1 = channel_control(st, p[1].channel),
                        c2 = channel_control(st, p[2].channel);
  const double a0 = p[0].a, b0 = p[0].b, a1 = p[1].a, b1 = p[1].b, a2 = p[2].a, b2 = p[2].b;
  float* const d0 = p[0].d;
  float* const d1 = p[1].d;
  float* const d2 = p[2].d;
  if (stream) {
    for (; i + V::LF <= n; i += V::LF) {
      const typename V::reg px = V::load_pixels(s + i * st, kk);
      V::store_affine_f32(d0 + i, V::channel_i32(px, c0), a0, b0, true);
      V::store_affine_f32(d1 + i, V::channel_i32(px, c1), a1, b1, true);
      V::store_affine_f32(d2 + i, V::channel_i32(px, c2), a2, b2, true);
    }
  } else {
    for (; i + V::LF <= n; i += V::LF) {
      const typename V::reg px = V::load_pixels(s + i * st, kk);
      V::store_affine_f32(d0 + i, V::channel_i32(px, c0), a0, b0, false);
      V::store_affine_f32(d1 + i, V::channel_i32(px, c1), a1, b1, false);
      V::store_affine_f32(d2 + i, V::channel_i32(px, c2), a2, b2, false);
    }
  }
  return i;
}

// The fused pass's u8 -> f32 planes of one row of n pixels of `step` (1..4) interleaved u8 channels:
// for each of the `planes` (1..4) p[j], p[j].d[i] = float(p[j].a * v + p[j].b) with v the value of
// channel p[j].channel of pixel i, computed in double (V::store_affine_f32: fused from AVX2 on).
// The values at the ends that fill no whole vector come from p[j].table: the caller uses this only
// where it checked that the vectors give the table's value for all 256 inputs.
// Three planes run together (each vector of pixels loaded once) where their rows are equally
// aligned. stream: non-temporal stores (whole vectors from the first 64-byte boundary of each row
// on), for outputs larger than the caches; the caller fences.
inline void affine_u8_f32(const std::uint8_t* s, int step, const affine_plane_row* p, int planes, std::size_t n,
                          bool stream) {
  static const typename V::pixel_picker pickers[4] = {V::pixels_of(1), V::pixels_of(2), V::pixels_of(3),
                                                      V::pixels_of(4)};
  const typename V::pixel_picker& k = pickers[step - 1];
  const auto st = static_cast<std::size_t>(step);
  bool equally_aligned = true;
  for (int j = 0; j < planes; ++j) {
    if (line_offset(p[j].d) % sizeof(float) != 0) stream = false;  // never aligned: plain stores
    equally_aligned = equally_aligned && line_offset(p[j].d) == line_offset(p[0].d);
  }
  const bool together = planes == 3 && (equally_aligned || !stream);
  const int group = together ? 3 : 1;
  for (int j = 0; j < planes; j += group) {
    std::size_t head = stream ? (64 - line_offset(p[j].d)) % 64 / sizeof(float) : 0;
    if (head > n) head = n;
    affine_part(s, st, p + j, group, 0, head, stream);
    const std::size_t i =
        together ? affine_body_3(s, st, p, head, n, stream, k) : affine_body_1(s, st, p[j], head, n, stream, k);
    affine_part(s, st, p + j, group, i, n - i, stream);
  }
}
#endif
