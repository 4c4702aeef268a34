/* sb-usage.c: images generated this month, and what they cost
 *
 * An estimate from the history: images kept there, by the month they were
 * asked for, at the model's price, after the free quota (counted from the
 * first image the history knows). The bill itself is the console's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-usage"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sb-history-entry.h"
#include "sb-usage.h"

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const SbUsageRecord *ra = a, *rb = b;

  return (ra->time > rb->time) - (ra->time < rb->time);
}

/* The first engine of @model: its price and quota are the model's. */
const SbEngine *
sb_usage_find_engine (const char *model)
{
  guint n;
  const SbEngine * const *engines = sb_engine_get_all (&n);

  for (guint i = 0; model != NULL && i < n; i++)
    if (g_str_equal (engines[i]->model, model))
      return engines[i];
  return NULL;
}

/* One model's records, in time order, into @usage. */
static void
compute_model (const SbUsageRecord *sorted,
               gsize                n_records,
               const char          *model,
               gint64               month_start,
               gint64               month_end,
               gint64               now,
               SbUsage             *usage)
{
  const SbEngine *engine = sb_usage_find_engine (model);
  gint64 free_until = 0;
  guint free_used = 0;
  guint billed = 0;
  guint free_left;

  for (gsize i = 0; i < n_records; i++)
    {
      guint free_here = 0;

      if (sorted[i].images == 0 || sorted[i].model != model)
        continue;
      if (free_until == 0)
        free_until = sorted[i].time + SB_FREE_DAYS * G_TIME_SPAN_DAY;
      if (sorted[i].time < free_until)
        free_here = MIN (sorted[i].images, engine->free_images - free_used);
      free_used += free_here;

      if (sorted[i].time >= month_start && sorted[i].time < month_end)
        {
          usage->images += sorted[i].images;
          usage->free_images += free_here;
          billed += sorted[i].images - free_here;
        }
    }

  usage->cost_cny += billed * engine->price_cny;
  /* The free period runs from the model's first image. */
  free_left = free_until == 0 || now < free_until ? engine->free_images - free_used : 0;
  usage->free_left += free_left;
  usage->free_total += engine->free_images;
  if (usage->n_models < SB_USAGE_MAX_MODELS)
    {
      usage->models[usage->n_models].model = model;
      usage->models[usage->n_models].free_left = free_left;
      usage->n_models++;
    }
}

/**
 * sb_usage_compute:
 * @now: the moment whose month (local time) is counted
 *
 * Each model by its own price and free quota, then summed.
 */
void
sb_usage_compute (const SbUsageRecord *records,
                  gsize                n_records,
                  GDateTime           *now,
                  SbUsage             *usage)
{
  g_autofree SbUsageRecord *sorted = g_memdup2 (records, n_records * sizeof *records);
  g_autoptr(GDateTime) month = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now), 1, 0, 0, 0);
  g_autoptr(GDateTime) next_month = g_date_time_add_months (month, 1);
  gint64 month_start = g_date_time_to_unix (month) * G_USEC_PER_SEC;
  gint64 month_end = g_date_time_to_unix (next_month) * G_USEC_PER_SEC;
  guint n_engines;
  const SbEngine * const *engines = sb_engine_get_all (&n_engines);

  memset (usage, 0, sizeof *usage);
  for (gsize i = 0; i < n_records; i++)
    if (sorted[i].model == NULL)   /* records without one: the first engine's */
      sorted[i].model = g_intern_string (sb_engine_get_default ()->model);
  qsort (sorted, n_records, sizeof *sorted, compare_records);

  /* Each model once, in the table's order. */
  for (guint e = 0; e < n_engines; e++)
    {
      const char *model = g_intern_string (engines[e]->model);

      if (sb_usage_find_engine (model) == engines[e])
        compute_model (sorted, n_records, model, month_start, month_end,
                       g_date_time_to_unix (now) * G_USEC_PER_SEC, usage);
    }
}

/* Every entry of the history (a GListModel of SbHistoryEntry). */
void
sb_usage_compute_for_history (GListModel *entries,
                              GDateTime  *now,
                              SbUsage    *usage)
{
  guint n = g_list_model_get_n_items (entries);
  g_autofree SbUsageRecord *records = g_new0 (SbUsageRecord, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbHistoryEntry) entry = g_list_model_get_item (entries, i);
      g_auto(GStrv) images = sb_history_entry_get_images (entry);

      records[i].time = sb_history_entry_get_created_at (entry);
      records[i].model = g_intern_string (sb_params_get_engine (sb_history_entry_get_params (entry))->model);
      records[i].images = g_strv_length (images);
    }

  sb_usage_compute (records, n, now, usage);
}

/**
 * sb_usage_quote:
 * @usage: this month's usage, as sb_usage_compute() gives it
 * @engine: the engine that will make them
 * @n_images: how many images a generation will make
 * @free_images: (out): how many of them the free quota covers
 *
 * Returns: what the others cost, by the same rules as the meter
 */
double
sb_usage_quote (const SbUsage  *usage,
                const SbEngine *engine,
                guint           n_images,
                guint          *free_images)
{
  const char *model = g_intern_string (engine->model);
  guint free_left = engine->free_images;   /* a model not used yet */
  guint covered;

  for (guint i = 0; i < usage->n_models; i++)
    if (usage->models[i].model == model)
      free_left = usage->models[i].free_left;

  covered = MIN (n_images, free_left);
  *free_images = covered;
  return (n_images - covered) * engine->price_cny;
}
