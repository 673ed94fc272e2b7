#ifndef REPRO_CCRYPTO_SHIM_H
#define REPRO_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/md5.h>

/* EVP_MD_CTX_size and friends are macros in OpenSSL 3. */
static inline int repro_EVP_MD_size(const EVP_MD *md) { return EVP_MD_get_size(md); }
#endif
