/* sb-sweep.c: the variants of a sweep
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-sweep"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-style.h"
#include "sb-sweep.h"

static const int sweep_weights[] = { 0, 2, 4, 6, 8, 10 };
/* From barely (0 would change nothing) to as much as it goes. */
static const double sweep_strengths[] = { 0.2, 0.4, 0.6, 0.8, 1.0 };


guint
sb_sweep_get_n_variants (SbSweepKind kind)
{
  switch (kind)
    {
    case SB_SWEEP_WEIGHTS:
      return G_N_ELEMENTS (sweep_weights);
    case SB_SWEEP_STRENGTHS:
      return G_N_ELEMENTS (sweep_strengths);
    case SB_SWEEP_STYLES:
      return SB_N_STYLES;
    case SB_SWEEP_ENGINES:
      {
        guint n = 0;

        while (sb_engine_get_drawing (n) != NULL)
          n++;
        return n;
      }
    case SB_SWEEP_NONE:
    default:
      return 1;
    }
}

/* Returns: (transfer full): @params as variant @index asks; a sweep's
 * variants are one image each, so the cells compare like with like. */
SbParams *
sb_sweep_make_variant (SbSweepKind  kind,
                       SbParams    *params,
                       guint        index)
{
  SbParams *variant = sb_params_copy (params);

  g_return_val_if_fail (index < sb_sweep_get_n_variants (kind), variant);

  if (kind == SB_SWEEP_NONE)
    return variant;

  sb_params_set_count (variant, 1);
  if (kind == SB_SWEEP_WEIGHTS)
    sb_params_set_sketch_weight (variant, sweep_weights[index]);
  else if (kind == SB_SWEEP_ENGINES)
    sb_params_set_engine (variant, sb_engine_get_drawing (index));
  else if (kind == SB_SWEEP_STRENGTHS)
    sb_params_set_strength (variant, sweep_strengths[index]);
  else
    sb_params_set_style (variant, index);
  return variant;
}

/* The variant's name, for its cell: "Weight 4", "Watercolor". */
char *
sb_sweep_get_label (SbSweepKind kind,
                    guint       index)
{
  g_return_val_if_fail (index < sb_sweep_get_n_variants (kind), NULL);

  if (kind == SB_SWEEP_WEIGHTS)
    return g_strdup_printf (_("Weight %d"), sweep_weights[index]);
  if (kind == SB_SWEEP_STYLES)
    return g_strdup (sb_style_get_label (index));
  if (kind == SB_SWEEP_ENGINES)
    return g_strdup (sb_engine_get_label (sb_engine_get_drawing (index)));
  if (kind == SB_SWEEP_STRENGTHS)
    /* Translators: a sweep variant's name: how much an edit changes the picture, 0.2 to 1.0 */
    return g_strdup_printf (_("Strength %.1f"), sweep_strengths[index]);
  return NULL;
}
