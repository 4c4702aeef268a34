/* sb-usage.h: images generated this month, and what they cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* wanx-sketch-to-image-lite's price: per image made; the first 500 images
 * in the first 180 days are free. */
#define SB_PRICE_CNY_PER_IMAGE 0.06
#define SB_FREE_IMAGES 500
#define SB_FREE_DAYS 180

typedef struct {
  gint64 time;     /* g_get_real_time() */
  guint  images;
} SbUsageRecord;

typedef struct {
  guint  images;        /* made this month */
  guint  free_images;   /* of which within the free quota */
  double cost_cny;      /* estimated, for the others */
  guint  free_left;     /* of SB_FREE_IMAGES, while the free period lasts */
} SbUsage;

void sb_usage_compute             (const SbUsageRecord *records,
                                   gsize                n_records,
                                   GDateTime           *now,
                                   SbUsage             *usage);
void sb_usage_compute_for_history (GListModel          *entries,
                                   GDateTime           *now,
                                   SbUsage             *usage);

double sb_usage_quote              (const SbUsage       *usage,
                                   guint                n_images,
                                   guint               *free_images);

G_END_DECLS
