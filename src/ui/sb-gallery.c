/* sb-gallery.c: every generation, newest first, filtered by prompt and style
 *
 * A new generation goes on top, scrolled into view. A sweep is one row (its
 * first variant's; the others are filtered out). Rows hold their thumbnails only while on screen (or a screen's height
 * away), so memory follows what is visible. Opening a picture emits
 * ::open-image with the pictures of its generation, for the viewer's
 * filmstrip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-gallery"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-gallery.h"
#include "sb-gallery-row.h"
#include "sb-usage-ledger.h"
#include "sb-widget-compat.h"

struct _SbGallery
{
  GtkBox              parent_instance;

  SbGenerator        *generator;
  SbHistory          *history;
  SbUsageLedger      *ledger;
  GtkFilterListModel *model;

  GtkSearchEntry     *gallery_search;
  GtkDropDown        *gallery_style;
  GtkStack           *gallery_stack;
  GtkScrolledWindow  *gallery_scroller;
  GtkListView        *gallery;
  GtkLabel           *usage_label;
  guint               scroll_to_top;   /* frames left to hold the list at its top */
};

G_DEFINE_FINAL_TYPE (SbGallery, sb_gallery, GTK_TYPE_BOX)

enum {
  OPEN_IMAGE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
gallery_filter (gpointer item,
                gpointer user_data)
{
  SbGallery *self = user_data;
  SbParams *params = sb_history_entry_get_params (item);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->gallery_search));
  guint style = gtk_drop_down_get_selected (self->gallery_style);
  GPtrArray *sweep = self->history != NULL ? sb_history_get_sweep (self->history, sb_history_entry_get_sweep_id (item)) : NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *needle = NULL;

  /* An edit shows in the row of the generation whose picture it edits. */
  if (self->history != NULL && sb_history_get_parent (self->history, item) != NULL)
    return FALSE;
  /* A sweep shows as its first variant's row, whatever the style filter. */
  if (sweep != NULL)
    {
      if (g_ptr_array_index (sweep, 0) != item)
        return FALSE;
      style = 0;
    }
  /* Position 0 is "All styles"; then the styles in order. */
  if (style != 0 && style != GTK_INVALID_LIST_POSITION && sb_params_get_style (params) != style - 1)
    return FALSE;
  if (*search == '\0')
    return TRUE;

  prompt = g_utf8_casefold (sb_params_get_prompt (params), -1);
  needle = g_utf8_casefold (search, -1);
  return strstr (prompt, needle) != NULL;
}

static void
update_page (SbGallery *self)
{
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0;

  gtk_stack_set_visible_child_name (self->gallery_stack, any ? "images" : "empty");
}

static void
refilter (SbGallery *self)
{
  gtk_filter_changed (gtk_filter_list_model_get_filter (self->model), GTK_FILTER_CHANGE_DIFFERENT);
  update_page (self);
}

/* This month's images as DashScope billed them, and the free quota left
 * or what the rest cost. Deleting pictures changes neither. */
static void
update_usage (SbGallery *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *images = NULL;
  g_autofree char *text = NULL;
  SbUsage usage;

  sb_usage_ledger_compute (self->ledger, now, &usage);
  images = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image", "%u images", usage.images), usage.images);
  if (usage.free_left > 0 && usage.cost_cny == 0)
    /* Translators: images made this month, then how many of the account's free images are left */
    text = g_strdup_printf (_("This month: %s · %u of %d free left"), images, usage.free_left, (int) usage.free_total);
  else
    /* Translators: images made this month, then their estimated price */
    text = g_strdup_printf (_("This month: %s · about %.2f CNY"), images, usage.cost_cny);
  gtk_label_set_label (self->usage_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->usage_label), TRUE);
}



/* The viewer walks the pictures of the generation opened (every variant's,
 * for a sweep). */
static void
on_row_open (SbGalleryRow *row,
             GFile        *file,
             SbGallery    *self)
{
  guint position;
  g_autoptr(GPtrArray) files = sb_history_get_generation_files (self->history, sb_gallery_row_get_entry (row), file,
                                                                &position);

  if (files->len > 0)
    g_signal_emit (self, signals[OPEN_IMAGE], 0, files, position);
}

static void
on_row_setup (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              SbGallery                *self)
{
  GtkWidget *row = sb_gallery_row_new (self->generator);

  g_signal_connect_object (row, "open", G_CALLBACK (on_row_open), self, 0);
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
#if GTK_CHECK_VERSION (4, 12, 0)
  /* Tab goes to the pictures and buttons in a row, not to the nameless row. */
  gtk_list_item_set_focusable (item, FALSE);
#endif
}

static void
on_row_bind (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             SbGallery                *self)
{
  sb_gallery_row_set_entry (SB_GALLERY_ROW (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
#if GTK_CHECK_VERSION (4, 12, 0)
  /* The list's item is named too, not an empty list item around the row. */
  gtk_list_item_set_accessible_label (item, sb_params_get_prompt (sb_history_entry_get_params (gtk_list_item_get_item (item))));
#endif
}

static void
on_row_unbind (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SbGallery                *self)
{
  /* Thumbnails go with the row: memory follows what is visible. */
  sb_gallery_row_set_entry (SB_GALLERY_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Rows on screen, with a screen's height to spare either way, hold their
 * pictures; the others let them go. */
static gboolean
update_shown_rows (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  SbGallery *self = user_data;
  GtkWidget *viewport = gtk_widget_get_parent (widget);
  double height = gtk_widget_get_height (viewport);

  /* Frame by frame, not when the row was added: the list keeps what was in
   * view in place as rows come in above it, and the new row only gets its
   * height once laid out. The list's own action moves its anchor to the
   * row, for a few frames, until the row has its height. */
  if (self->scroll_to_top > 0)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->gallery_scroller);

      gtk_widget_activate_action (widget, "list.scroll-to-item", "u", 0);
      if (gtk_adjustment_get_value (adjustment) <= gtk_adjustment_get_lower (adjustment))
        self->scroll_to_top--;
    }

  for (GtkWidget *row = gtk_widget_get_first_child (widget); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *content = gtk_widget_get_first_child (row);
      graphene_rect_t bounds;
      gboolean shown;

      if (!SB_IS_GALLERY_ROW (content))
        continue;

      /* The list keeps out-of-sight rows alive but unmapped. */
      shown = gtk_widget_get_mapped (row) &&
              gtk_widget_compute_bounds (row, viewport, &bounds) &&
              bounds.origin.y + bounds.size.height > -height && bounds.origin.y < 2 * height;
      sb_gallery_row_set_shown (SB_GALLERY_ROW (content), shown);
    }
  return G_SOURCE_CONTINUE;
}

/* A new generation on top: in view at once, even if a search hid it. */
static void
on_history_changed (GListModel *history,
                    guint       position,
                    guint       removed,
                    guint       added,
                    SbGallery  *self)
{
  g_autoptr(SbHistoryEntry) newest = NULL;

  /* A sweep's first variant may have gone: its next one leads now. */
  if (removed > 0)
    refilter (self);
  if (position != 0 || added == 0)
    return;
  newest = g_list_model_get_item (history, 0);
  if (sb_history_entry_is_finished (newest))
    return;
  /* Enlarging an older picture: its row shows it where it is, and the
   * gallery stays where the artist looks. */
  if (sb_history_get_parent (SB_HISTORY (history), newest) != NULL)
    return;

  if (!gallery_filter (newest, self))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->gallery_search), "");
      gtk_drop_down_set_selected (self->gallery_style, 0);
      refilter (self);
    }
  self->scroll_to_top = 3;
}

/* The generations of @generator's history, and its usage meter. */
void
sb_gallery_set_generator (SbGallery   *self,
                          SbGenerator *generator)
{
  g_return_if_fail (SB_IS_GALLERY (self));
  g_return_if_fail (self->generator == NULL);

  self->generator = g_object_ref (generator);
  self->history = g_object_ref (sb_generator_get_history (generator));
  self->ledger = g_object_ref (sb_generator_get_usage_ledger (generator));
  /* After the filter model's own handler: it has seen the new generation. */
  g_signal_connect_object (self->history, "items-changed", G_CALLBACK (on_history_changed), self, G_CONNECT_AFTER);
  /* A generation whose edits loaded first: they leave the list. */
  g_signal_connect_object (self->history, "generation-changed", G_CALLBACK (refilter), self, G_CONNECT_SWAPPED);
  gtk_filter_list_model_set_model (self->model, G_LIST_MODEL (self->history));
  g_signal_connect_object (self->ledger, "changed", G_CALLBACK (update_usage), self, G_CONNECT_SWAPPED);
  update_usage (self);
  update_page (self);
}

static void
sb_gallery_dispose (GObject *object)
{
  SbGallery *self = SB_GALLERY (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_GALLERY);
  g_clear_object (&self->model);
  g_clear_object (&self->history);
  g_clear_object (&self->ledger);
  g_clear_object (&self->generator);

  G_OBJECT_CLASS (sb_gallery_parent_class)->dispose (object);
}

static void
sb_gallery_class_init (SbGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_gallery_dispose;

  /**
   * SbGallery::open-image:
   * @files: (element-type GFile): the pictures of the generation opened
   * @position: the one to show
   */
  signals[OPEN_IMAGE] =
    g_signal_new ("open-image", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_PTR_ARRAY, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sb-gallery.ui");
  gtk_widget_class_bind_template_child (widget_class, SbGallery, gallery_search);
  gtk_widget_class_bind_template_child (widget_class, SbGallery, gallery_style);
  gtk_widget_class_bind_template_child (widget_class, SbGallery, gallery_stack);
  gtk_widget_class_bind_template_child (widget_class, SbGallery, gallery);
  gtk_widget_class_bind_template_child (widget_class, SbGallery, gallery_scroller);
  gtk_widget_class_bind_template_child (widget_class, SbGallery, usage_label);
}

static void
sb_gallery_init (SbGallery *self)
{
  g_autoptr(GListModel) styles = sb_style_list_new (_("All styles"));
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Newer GTK labels a drop-down by its selected item: "Style filter" it is. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->gallery_style), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  sb_name_inner_button (GTK_WIDGET (self->gallery_style), _("Style filter"));
  gtk_drop_down_set_model (self->gallery_style, styles);
  gtk_widget_set_visible (GTK_WIDGET (self->usage_label), FALSE);

  self->model = gtk_filter_list_model_new (NULL, GTK_FILTER (gtk_custom_filter_new (gallery_filter, self, NULL)));
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->gallery_search, "search-changed", G_CALLBACK (refilter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->gallery_style, "notify::selected", G_CALLBACK (refilter), self, G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_row_unbind), self);
  gtk_list_view_set_factory (self->gallery, factory);
  gtk_list_view_set_model (self->gallery, GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)))));
  update_page (self);

  /* Checked once a frame: cheap (a few dozen rows), and it follows every
   * scroll, resize and rebinding without a signal for each. */
  gtk_widget_add_tick_callback (GTK_WIDGET (self->gallery), update_shown_rows, self, NULL);
}
