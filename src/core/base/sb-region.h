/* sb-region.h: DashScope's regions, and the address of each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In the order of the settings schema's enum and Preferences' list. */
typedef enum {
  SB_REGION_MAINLAND,        /* China (Beijing) */
  SB_REGION_INTERNATIONAL,   /* Singapore */
  SB_REGION_CUSTOM,          /* an address of the user's own */
} SbRegion;

#define SB_N_REGIONS 3

#define SB_DASHSCOPE_BASE_URL_MAINLAND      "https://dashscope.aliyuncs.com/api/v1"
#define SB_DASHSCOPE_BASE_URL_INTERNATIONAL "https://dashscope-intl.aliyuncs.com/api/v1"

/* A region as a bit, for the sets of regions an engine is served in. */
#define SB_REGION_BIT(region) (1u << (region))

const char *sb_region_to_nick      (SbRegion    region);
gboolean    sb_region_from_nick    (const char *nick,
                                    SbRegion   *region);
const char *sb_region_get_label    (SbRegion    region);
const char *sb_region_get_base_url (SbRegion    region);
SbRegion    sb_region_from_host    (const char *host);

G_END_DECLS
