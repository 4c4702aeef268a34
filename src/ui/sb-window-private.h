/* sb-window-private.h: the window's parts, for sb-window-actions.c (and tests)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-autosave.h"
#include "sb-canvas.h"
#include "sb-composer.h"
#include "sb-gallery.h"
#include "sb-generator.h"
#include "sb-jobs-pane.h"
#include "sb-stage.h"
#include "sb-page-stack.h"
#include "sb-edit-bar.h"
#include "sb-repaint-bar.h"
#include "sb-stage-bar.h"
#include "sb-tool-palette.h"
#include "sb-window.h"

G_BEGIN_DECLS

struct _SbWindow
{
  AdwApplicationWindow  parent_instance;

  SbGenerator          *generator;
  GSettings            *settings;
  SbSketch             *sketch;
  SbAutosave           *autosave;
  GCancellable         *cancellable;
  GHashTable           *jobs;               /* SbJob set: started here, told about here */
  AdwToast             *deletion_toast;     /* the latest "Picture deleted", while shown */
  gboolean              service_notice_hidden;
  gboolean              narrow;             /* the gallery slides over the drawing */
  GtkWidget            *split;              /* the drawing beside the gallery (sb_split_new) */
  SbPageStack          *pages;              /* the drawing, or the viewer in its place */
  SbStage              *stage;              /* a generation's pictures over the drawing */
  GPtrArray            *ready;              /* GFile: the pictures the last toast offers */
  guint                 unseen;             /* pictures arrived while the gallery was folded */
  char                 *sweep_labels;       /* the sweep menu's items, as last built */
  const SbEngine       *editing;            /* the edit set up (a bar open), or NULL… */
  GFile                *edit_file;          /* …of this picture over the drawing; NULL: of the sketch */
  SbMaskLayer          *repaint_mask;       /* …and the region painted, when it repaints one */
  const SbEngine       *edit_pending;       /* a gallery picture's edit, once it is over the drawing… */
  GFile                *edit_pending_file;  /* …that picture… */
  SbHistoryEntry       *edit_pending_entry; /* …and the edit made again (Reuse), if one is */
  GFile                *judged;             /* the staged picture whose colour is judged… */
  gboolean              judged_grey;        /* …whether it has none (win.colorize), once known */
  GCancellable         *judging;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  SbToolPalette        *tool_palette;
  SbCanvas             *canvas;
  SbComposer           *composer_part;
  SbJobsPane           *jobs_pane;
  SbGallery            *gallery_part;
  GtkMenuButton        *sweep_button;
  AdwButtonContent     *sweep_content;
  GtkRevealer          *service_banner;
  GtkLabel             *service_label;
  GtkButton            *service_notice_close;
  AdwBin               *split_slot;
  GtkWidget            *drawing;
  GtkWidget            *drawing_page;
  GtkWidget            *gallery_pane;
  GtkToggleButton      *gallery_button;
  GtkWidget            *gallery_badge;
  GtkWidget            *gallery_spinner;
  SbStageBar           *stage_bar;
  SbRepaintBar         *repaint_bar;
  SbEditBar            *edit_bar;
  GtkWidget            *clear_button;
  GtkWidget            *tracing_button;
  GtkWidget            *import_button;
  GtkWidget            *window_title;
  GtkButton            *zoom_button;
  GtkWidget            *add_key_button;
};

void      sb_window_show_toast          (SbWindow     *self,
                                         const char   *message);
void      sb_window_show_undo_toast     (SbWindow     *self,
                                         const char   *message);
void      sb_window_show_error          (SbWindow     *self,
                                         const GError *error);
void      sb_window_watch_job           (SbWindow     *self,
                                         SbJob        *job);
void      sb_window_import_file         (SbWindow     *self,
                                         GFile        *file);
AdwToast *sb_window_get_deletion_toast  (SbWindow     *self);
void      sb_window_toggle_gallery      (SbWindow     *self);
void      sb_window_view_ready          (SbWindow     *self);

void      sb_window_class_actions_init  (SbWindowClass *klass);
void      sb_window_actions_init        (SbWindow     *self);

G_END_DECLS
