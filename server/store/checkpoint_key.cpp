#include "store/checkpoint_key.hpp"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "record/chain.hpp"

namespace collegial::store {

using record::sha256_hex;
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

std::shared_ptr<EVP_PKEY> own(EVP_PKEY* key) { return {key, EVP_PKEY_free}; }

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

Result<std::string> id_of(EVP_PKEY* key) {
  unsigned char raw[32];
  std::size_t length = sizeof raw;
  if (EVP_PKEY_get_raw_public_key(key, raw, &length) != 1 || length != sizeof raw) {
    return Status::error("bad_key", "not an Ed25519 key");
  }
  return sha256_hex(std::string_view(reinterpret_cast<const char*>(raw), length));
}

std::string public_pem_of(EVP_PKEY* key) {
  BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_PUBKEY(out.get(), key) != 1) throw std::runtime_error("PEM_write_bio_PUBKEY failed");
  return bio_text(out.get());
}

std::shared_ptr<EVP_PKEY> read_public(std::string_view pem) {
  BioPtr in(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!in) return nullptr;
  auto key = own(PEM_read_bio_PUBKEY(in.get(), nullptr, nullptr, nullptr));
  if (!key.get() || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519) return nullptr;
  return key;
}

// Creates `path` with mode 0600 holding a new Ed25519 private key; never replaces a file.
Status create_key_file(const std::string& path) {
  EVP_PKEY* made = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (!made) return Status::error("key_failed", "OpenSSL could not generate an Ed25519 key");
  auto key = own(made);
  BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Status::error("key_failed", "OpenSSL could not write the key");
  }
  const std::string pem = bio_text(out.get());
  // O_EXCL: two processes starting at once cannot both write a key; 0600 from the start, so the
  // key is never readable by others, not even for a moment.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::error("key_failed", "cannot create " + path + ": " + std::strerror(errno));
  const bool written = ::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(path.c_str());
    return Status::error("key_failed", "cannot write " + path);
  }
  return Status::ok();
}

}  // namespace

Result<SigningKey> SigningKey::load_or_create(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return Status::error("key_failed", "cannot read " + path + ": " + std::strerror(errno));
    if (Status s = create_key_file(path); !s && ::stat(path.c_str(), &st) != 0) return s;
    if (::stat(path.c_str(), &st) != 0) return Status::error("key_failed", "cannot read " + path);
  }
  if ((st.st_mode & 077) != 0) {
    return Status::error("key_exposed", "the checkpoint key " + path +
                                            " may be read or written by group or others; make it private "
                                            "(chmod 600 " + path + ") and start again");
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return Status::error("key_failed", "cannot read " + path);
  const std::string pem = text.str();
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  auto key = own(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!key.get() || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519) {
    return Status::error("bad_key", path + " is not an Ed25519 private key in PEM");
  }
  auto id = id_of(key.get());
  if (!id) return id.status();
  SigningKey k;
  k.key_ = std::move(key);
  k.key_id_ = std::move(id.value());
  k.public_pem_ = public_pem_of(k.key_.get());
  return k;
}

std::string SigningKey::sign(std::string_view bytes) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  unsigned char signature[64];
  std::size_t length = sizeof signature;
  // Ed25519 hashes internally: no digest is named, and the message is signed in one call.
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), signature, &length, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size()) != 1) {
    throw std::runtime_error("Ed25519 signing failed");
  }
  return std::string(reinterpret_cast<const char*>(signature), length);
}

Result<std::string> public_key_id(std::string_view pem) {
  auto key = read_public(pem);
  if (!key) return Status::error("bad_key", "not an Ed25519 public key in PEM");
  return id_of(key.get());
}

bool verify_signature(std::string_view pem, std::string_view bytes, std::string_view signature) {
  auto key = read_public(pem);
  if (!key) return false;
  MdCtxPtr ctx(EVP_MD_CTX_new());
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()) == 1;
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

Result<std::string> base64_decode(std::string_view text) {
  const auto bad = Status::error("bad_field", "not base64");
  if (text.size() % 4 != 0) return bad;
  std::string out(text.size() / 4 * 3 + 1, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return bad;
  // EVP_DecodeBlock counts the padding as zero bytes: take them off again.
  std::size_t length = static_cast<std::size_t>(n);
  for (std::size_t i = text.size(); i > 0 && text[i - 1] == '=' && length > 0; --i) --length;
  out.resize(length);
  return out;
}

}  // namespace collegial::store
