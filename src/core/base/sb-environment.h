/* sb-environment.h: where to find the service, from the environment and settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-region.h"

G_BEGIN_DECLS

GSettings *sb_environment_get_settings   (void);
GFile     *sb_environment_get_data_directory (void);
gboolean   sb_environment_is_sandboxed   (void);
char      *sb_environment_get_key_help   (gboolean        sandboxed);
SbRegion   sb_environment_get_region     (GSettings      *settings);
char      *sb_environment_get_base_url   (GSettings      *settings);
char      *sb_environment_get_workspace  (GSettings      *settings);

G_END_DECLS
