#ifndef REPRO_CBLAS_SHIM_H
#define REPRO_CBLAS_SHIM_H
#include <cblas.h>
/* OpenBLAS threading controls are plain functions; declared in cblas.h of openblas-pthread. */
#endif
