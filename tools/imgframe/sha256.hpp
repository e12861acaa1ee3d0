#pragma once
// SHA-256 of a byte buffer as lowercase hex (OpenSSL libcrypto EVP).
#include <cstdint>
#include <span>
#include <string>

namespace imgframe::cli {
std::string sha256_hex(std::span<const std::uint8_t> bytes);
}  // namespace imgframe::cli
