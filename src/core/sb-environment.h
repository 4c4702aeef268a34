/* sb-environment.h: where to find the service, from the environment and settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-poll-schedule.h"

G_BEGIN_DECLS

GSettings *sb_environment_get_settings   (void);
char      *sb_environment_get_base_url   (GSettings      *settings);
char      *sb_environment_get_workspace  (GSettings      *settings);
void       sb_environment_load_schedule  (GSettings      *settings,
                                          SbPollSchedule *schedule);
void       sb_environment_save_schedule  (GSettings      *settings,
                                          SbPollSchedule *schedule);

G_END_DECLS
