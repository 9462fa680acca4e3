/* arcsec/base.h: what every libarcsec header shares: symbol export and the
 * library version. */
#ifndef ARCSEC_BASE_H
#define ARCSEC_BASE_H

/* Marks the library's public entry points. libarcsec.so is built with hidden
 * visibility, so only names carrying ARCSEC_API are exported. */
#if defined(__GNUC__) || defined(__clang__)
#define ARCSEC_API		__attribute__((visibility("default")))
#define ARCSEC_WARN_UNUSED	__attribute__((warn_unused_result))
#else
#define ARCSEC_API
#define ARCSEC_WARN_UNUSED
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The library's version, "MAJOR.MINOR.PATCH". Static storage; never NULL.
 */
ARCSEC_API const char	*arcsec_version(void);

#ifdef __cplusplus
}
#endif

#endif
