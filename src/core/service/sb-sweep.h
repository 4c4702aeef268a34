/* sb-sweep.h: one prompt, many variants side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sb-params.h"

G_BEGIN_DECLS

typedef enum {
  SB_SWEEP_NONE,      /* one generation, as the artist set it */
  SB_SWEEP_WEIGHTS,   /* sketch weight 0 to 10 by 2, one image each */
  SB_SWEEP_STYLES,    /* every style, one image each */
  SB_SWEEP_ENGINES,   /* every engine that draws, one image each */
  SB_SWEEP_STRENGTHS, /* an edit's strength, a little to a lot, one image each */
} SbSweepKind;

guint     sb_sweep_get_n_variants (SbSweepKind  kind);
SbParams *sb_sweep_make_variant   (SbSweepKind  kind,
                                   SbParams    *params,
                                   guint        index);
char     *sb_sweep_get_label      (SbSweepKind  kind,
                                   guint        index);

G_END_DECLS
