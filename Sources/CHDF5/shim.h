#ifndef REPRO_CHDF5_SHIM_H
#define REPRO_CHDF5_SHIM_H
#include <hdf5.h>
#include <hdf5_hl.h>

/* HDF5 exposes its predefined types and property-list classes as macros over
   global ids that are only valid after H5open(); Swift cannot import them. */
static inline hid_t repro_H5T_NATIVE_FLOAT(void)  { return H5T_NATIVE_FLOAT; }
static inline hid_t repro_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t repro_H5T_NATIVE_INT8(void)   { return H5T_NATIVE_INT8; }
static inline hid_t repro_H5T_NATIVE_INT32(void)  { return H5T_NATIVE_INT32; }
static inline hid_t repro_H5T_NATIVE_INT64(void)  { return H5T_NATIVE_INT64; }
static inline hid_t repro_H5T_NATIVE_UINT8(void)  { return H5T_NATIVE_UINT8; }
static inline hid_t repro_H5T_C_S1(void)          { return H5T_C_S1; }
static inline hid_t repro_H5T_IEEE_F32LE(void)    { return H5T_IEEE_F32LE; }
static inline hid_t repro_H5T_IEEE_F64LE(void)    { return H5T_IEEE_F64LE; }
static inline hid_t repro_H5T_STD_I8LE(void)      { return H5T_STD_I8LE; }
static inline hid_t repro_H5T_STD_I32LE(void)     { return H5T_STD_I32LE; }
static inline hid_t repro_H5T_STD_I64LE(void)     { return H5T_STD_I64LE; }
static inline hid_t repro_H5T_STD_U8LE(void)      { return H5T_STD_U8LE; }
static inline hid_t repro_H5P_FILE_ACCESS(void)   { return H5P_FILE_ACCESS; }
static inline hid_t repro_H5P_FILE_CREATE(void)   { return H5P_FILE_CREATE; }
static inline hid_t repro_H5P_DATASET_CREATE(void){ return H5P_DATASET_CREATE; }
static inline hid_t repro_H5P_GROUP_CREATE(void)  { return H5P_GROUP_CREATE; }
static inline hid_t repro_H5P_LINK_CREATE(void)   { return H5P_LINK_CREATE; }
static inline hid_t repro_H5P_DEFAULT(void)       { return H5P_DEFAULT; }
static inline hid_t repro_H5S_ALL(void)           { return H5S_ALL; }
static inline hid_t repro_H5E_DEFAULT(void)       { return H5E_DEFAULT; }
static inline unsigned repro_H5F_ACC_TRUNC(void)  { return H5F_ACC_TRUNC; }
static inline unsigned repro_H5F_ACC_EXCL(void)   { return H5F_ACC_EXCL; }
static inline unsigned repro_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned repro_H5F_ACC_RDWR(void)   { return H5F_ACC_RDWR; }
static inline hsize_t repro_H5S_UNLIMITED(void)   { return H5S_UNLIMITED; }
static inline size_t repro_H5T_VARIABLE(void)     { return H5T_VARIABLE; }
#endif
