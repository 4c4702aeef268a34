/* sb-region.c: DashScope's regions, and the address of each
 *
 * A key belongs to one region and works only at its address; which models
 * each region serves is the engines' business (sb-engine.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sb-region.h"

#include <glib/gi18n-lib.h>

static const struct {
  const char *nick;
  const char *label;
  const char *base_url;
  const char *host;
} regions[SB_N_REGIONS] = {
  [SB_REGION_MAINLAND] = { "mainland", N_("Mainland China (Beijing)"),
                           SB_DASHSCOPE_BASE_URL_MAINLAND, "dashscope.aliyuncs.com" },
  [SB_REGION_INTERNATIONAL] = { "international", N_("International (Singapore)"),
                                SB_DASHSCOPE_BASE_URL_INTERNATIONAL, "dashscope-intl.aliyuncs.com" },
  [SB_REGION_CUSTOM] = { "custom", N_("Custom address"), NULL, NULL },
};

const char *
sb_region_to_nick (SbRegion region)
{
  g_return_val_if_fail (region < SB_N_REGIONS, NULL);

  return regions[region].nick;
}

gboolean
sb_region_from_nick (const char *nick,
                     SbRegion   *region)
{
  for (guint i = 0; i < SB_N_REGIONS; i++)
    if (g_strcmp0 (nick, regions[i].nick) == 0)
      {
        *region = i;
        return TRUE;
      }

  return FALSE;
}

const char *
sb_region_get_label (SbRegion region)
{
  g_return_val_if_fail (region < SB_N_REGIONS, NULL);

  return _(regions[region].label);
}

/* NULL for the custom region, whose address is the user's. */
const char *
sb_region_get_base_url (SbRegion region)
{
  g_return_val_if_fail (region < SB_N_REGIONS, NULL);

  return regions[region].base_url;
}

/* The region an API host belongs to: custom for any host but DashScope's. */
SbRegion
sb_region_from_host (const char *host)
{
  for (guint i = 0; i < SB_N_REGIONS; i++)
    if (host != NULL && regions[i].host != NULL && g_ascii_strcasecmp (host, regions[i].host) == 0)
      return i;

  return SB_REGION_CUSTOM;
}
