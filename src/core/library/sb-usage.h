/* sb-usage.h: images generated this month, and what they cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sb-engine.h"

G_BEGIN_DECLS

/* Each model's price and free quota are its engine's (sb-engine-*.c); a
 * model's quota lasts this long from its first image. */
#define SB_FREE_DAYS 180
#define SB_USAGE_MAX_MODELS 8

typedef struct {
  gint64      time;     /* g_get_real_time() */
  guint       images;
  const char *model;    /* interned; an engine's model */
} SbUsageRecord;

typedef struct {
  guint  images;        /* made this month, by every model */
  guint  free_images;   /* of which within a free quota */
  double cost_cny;      /* estimated, for the others */
  guint  free_left;     /* of every model's free quota, while its free period lasts */
  guint  free_total;    /* every model's free quota */
  struct {
    const char *model;  /* interned */
    guint       free_left;
  } models[SB_USAGE_MAX_MODELS];
  guint  n_models;
} SbUsage;

const SbEngine *sb_usage_find_engine (const char *model);

void sb_usage_compute             (const SbUsageRecord *records,
                                   gsize                n_records,
                                   GDateTime           *now,
                                   SbUsage             *usage);
void sb_usage_compute_for_history (GListModel          *entries,
                                   GDateTime           *now,
                                   SbUsage             *usage);

double sb_usage_quote              (const SbUsage       *usage,
                                   const SbEngine      *engine,
                                   guint                n_images,
                                   guint               *free_images);

G_END_DECLS
