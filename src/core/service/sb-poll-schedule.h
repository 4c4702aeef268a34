/* sb-poll-schedule.h: when to ask about a task, learned from past tasks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Never poll one task more often than twice a second. */
#define SB_POLL_MIN_INTERVAL 0.5
#define SB_POLL_MAX_INTERVAL 5.0

#define SB_TYPE_POLL_SCHEDULE (sb_poll_schedule_get_type ())

G_DECLARE_FINAL_TYPE (SbPollSchedule, sb_poll_schedule, SB, POLL_SCHEDULE, GObject)

SbPollSchedule *sb_poll_schedule_new              (void);
void            sb_poll_schedule_observe          (SbPollSchedule *self,
                                                   double          seconds);
double          sb_poll_schedule_get_typical_duration (SbPollSchedule *self,
                                                       double          fallback);
guint           sb_poll_schedule_get_n_observations (SbPollSchedule *self);
double          sb_poll_schedule_next_poll        (SbPollSchedule *self,
                                                   double          elapsed);
GVariant       *sb_poll_schedule_serialize        (SbPollSchedule *self);
void            sb_poll_schedule_load             (SbPollSchedule *self,
                                                   GVariant       *observations);
double          sb_poll_schedule_sdk_next_poll    (double          elapsed);

G_END_DECLS
