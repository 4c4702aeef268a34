/* sb-job-row.c: one generation in progress
 *
 * The prompt, what the job is doing and for how long (or why it waits),
 * and a button to cancel it. The row only observes the job; the window
 * decides what cancelling means in its state (::cancel).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-job-row"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-job-row.h"

struct _SbJobRow
{
  GtkWidget  parent_instance;

  SbJob     *job;
  gint64     seen_at;    /* when the row first showed the job */
  guint      tick_id;
  GtkWidget *box;
  GtkLabel  *title;
  GtkLabel  *status;
  GtkButton *cancel;
};

G_DEFINE_FINAL_TYPE (SbJobRow, sb_job_row, GTK_TYPE_WIDGET)

enum {
  CANCEL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char *
sb_job_state_get_label (SbJobState state)
{
  switch (state)
    {
    case SB_JOB_QUEUED: return _("Queued");
    case SB_JOB_UPLOADING: return _("Uploading the sketch");
    case SB_JOB_SUBMITTING: return _("Submitting");
    case SB_JOB_PENDING: return _("Waiting at DashScope");
    case SB_JOB_RUNNING: return _("Painting");
    case SB_JOB_DOWNLOADING: return _("Downloading");
    case SB_JOB_DONE: return _("Done");
    case SB_JOB_FAILED: return _("Failed");
    case SB_JOB_CANCELLED:
    default: return _("Cancelled");
    }
}

static void
update (SbJobRow *self)
{
  SbJobState state = sb_job_get_state (self->job);
  gint64 since = sb_job_get_created_at (self->job) > 0 ? sb_job_get_created_at (self->job) : self->seen_at;
  guint seconds = MAX (0, g_get_real_time () - since) / G_USEC_PER_SEC;
  g_autofree char *text = NULL;

  if (sb_job_get_wait_reason (self->job) != NULL)
    /* Translators: a job's state, why it waits, and for how long */
    text = g_strdup_printf (_("%s · %s · %u s"), sb_job_state_get_label (state),
                            sb_job_get_wait_reason (self->job), seconds);
  else
    /* Translators: a job's state, then how long it has taken */
    text = g_strdup_printf (_("%s · %u s"), sb_job_state_get_label (state), seconds);

  gtk_label_set_label (self->status, text);

  /* A task the service has started can only be abandoned. */
  if (state == SB_JOB_RUNNING)
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->cancel), _("Abandon: DashScope cannot stop a running task"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->cancel), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Abandon"), -1);
    }
  else
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->cancel), _("Cancel this generation"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->cancel), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cancel"), -1);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel), !sb_job_state_is_final (state) && state != SB_JOB_DOWNLOADING);
}

static gboolean
on_tick (gpointer user_data)
{
  SbJobRow *self = user_data;

  update (self);
  if (!sb_job_state_is_final (sb_job_get_state (self->job)))
    return G_SOURCE_CONTINUE;

  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
on_cancel_clicked (SbJobRow *self)
{
  g_signal_emit (self, signals[CANCEL], 0);
}

static void
sb_job_row_dispose (GObject *object)
{
  SbJobRow *self = SB_JOB_ROW (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->job);

  G_OBJECT_CLASS (sb_job_row_parent_class)->dispose (object);
}

static void
sb_job_row_class_init (SbJobRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_job_row_dispose;

  /**
   * SbJobRow::cancel:
   *
   * The cancel button was pressed.
   */
  signals[CANCEL] = g_signal_new ("cancel", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "jobrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sb_job_row_init (SbJobRow *self)
{
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (self->box), labels);

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_label_set_ellipsize (self->title, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->title));

  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->status), "caption");
  gtk_box_append (GTK_BOX (labels), GTK_WIDGET (self->status));

  self->cancel = GTK_BUTTON (gtk_button_new_from_icon_name ("process-stop-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (self->cancel), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->cancel), "flat");
  gtk_widget_add_css_class (GTK_WIDGET (self->cancel), "circular");
  g_signal_connect_swapped (self->cancel, "clicked", G_CALLBACK (on_cancel_clicked), self);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->cancel));
}

GtkWidget *
sb_job_row_new (SbJob *job)
{
  SbJobRow *self;
  const char *prompt;

  g_return_val_if_fail (SB_IS_JOB (job), NULL);

  self = g_object_new (SB_TYPE_JOB_ROW, NULL);
  self->job = g_object_ref (job);
  self->seen_at = g_get_real_time ();

  prompt = sb_params_get_prompt (sb_job_get_params (job));
  gtk_label_set_label (self->title, prompt);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title), prompt);

  g_signal_connect_object (job, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "notify::wait-reason", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  if (!sb_job_state_is_final (sb_job_get_state (job)))
    self->tick_id = g_timeout_add_seconds (1, on_tick, self);

  return GTK_WIDGET (self);
}

SbJob *
sb_job_row_get_job (SbJobRow *self)
{
  g_return_val_if_fail (SB_IS_JOB_ROW (self), NULL);

  return self->job;
}
