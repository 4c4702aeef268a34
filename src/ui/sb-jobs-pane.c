/* sb-jobs-pane.c: what the gallery's rows do not show, and stopping a job
 *
 * One line says what concerns every generation: generations kept for the
 * network. Each generation's own state and its
 * stop button are on its gallery row; stopping asks here whether to abandon
 * a task DashScope has started.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-jobs-pane"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-error.h"
#include "sb-jobs-pane.h"
#include "sb-widget-compat.h"

struct _SbJobsPane
{
  GtkBox        parent_instance;

  SbGenerator  *generator;
  GCancellable *cancellable;
  GtkLabel     *job_status;
};

G_DEFINE_FINAL_TYPE (SbJobsPane, sb_jobs_pane, GTK_TYPE_BOX)

enum {
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "No network: N generations are sent when it is back". The rest (an
 * upload under way) is on the generation's own row: nothing here moves the
 * gallery while it runs. */
static void
update_status (SbJobsPane *self)
{
  guint n_offline = sb_generator_get_n_offline (self->generator);
  g_autofree char *text = NULL;

  if (n_offline > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "No network: %u generation is sent when it is back",
                                         "No network: %u generations are sent when it is back",
                                         n_offline),
                            n_offline);

  gtk_label_set_label (self->job_status, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->job_status), text != NULL);
}

/* A stop asked for one job. */
typedef struct {
  SbJobsPane *self;
  SbJob      *job;
} Stop;

static Stop *
stop_new (SbJobsPane *self,
          SbJob      *job)
{
  Stop *stop = g_new0 (Stop, 1);

  stop->self = g_object_ref (self);
  stop->job = g_object_ref (job);
  return stop;
}

static void
stop_free (Stop *stop)
{
  g_object_unref (stop->self);
  g_object_unref (stop->job);
  g_free (stop);
}

static void
on_abandon_response (GtkWidget  *dialog,
                     const char *response,
                     Stop       *stop)
{
  if (g_str_equal (response, "abandon"))
    sb_generator_abandon (stop->self->generator, stop->job);
}

/* Started at the service: it can only be abandoned, and that is asked. */
static void
ask_to_abandon (SbJobsPane *self,
                SbJob      *job)
{
  GtkWidget *dialog = sb_alert_new (_("Abandon the Running Task?"),
                                    _("DashScope cannot stop a task once it has started: it finishes, "
                                      "and its images are billed. Abandoning only stops waiting for them."));

  sb_alert_add_response (dialog, "keep", _("_Keep Waiting"), ADW_RESPONSE_DEFAULT);
  sb_alert_add_response (dialog, "abandon", _("_Abandon"), ADW_RESPONSE_DESTRUCTIVE);
  sb_alert_set_responses (dialog, "keep", "keep");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_abandon_response), stop_new (self, job),
                         (GClosureNotify) (void (*) (void)) stop_free, 0);
  sb_alert_present (dialog, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
}

static void
on_job_cancelled (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Stop *stop = user_data;
  g_autoptr(GError) error = NULL;

  if (!sb_generator_cancel_finish (SB_GENERATOR (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Started at the service meanwhile: it can only be abandoned. */
      if (g_error_matches (error, SB_ERROR, SB_ERROR_NOT_CANCELLABLE) && !sb_job_state_is_final (sb_job_get_state (stop->job)))
        ask_to_abandon (stop->self, stop->job);
      else
        g_signal_emit (stop->self, signals[FAILED], 0, error);
    }
  stop_free (stop);
}

/**
 * sb_jobs_pane_stop:
 *
 * Cancels @job if DashScope has not started it; else asks whether to
 * abandon it (it finishes, and is billed).
 */
void
sb_jobs_pane_stop (SbJobsPane *self,
                   SbJob      *job)
{
  g_return_if_fail (SB_IS_JOBS_PANE (self));

  if (sb_job_get_state (job) == SB_JOB_RUNNING)
    {
      ask_to_abandon (self, job);
      return;
    }

  sb_generator_cancel_async (self->generator, job, self->cancellable, on_job_cancelled, stop_new (self, job));
}

void
sb_jobs_pane_set_generator (SbJobsPane  *self,
                            SbGenerator *generator)
{
  g_return_if_fail (SB_IS_JOBS_PANE (self));
  g_return_if_fail (self->generator == NULL);

  self->generator = g_object_ref (generator);
  g_signal_connect_object (generator, "notify::n-offline", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  update_status (self);
}

static void
sb_jobs_pane_dispose (GObject *object)
{
  SbJobsPane *self = SB_JOBS_PANE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_JOBS_PANE);
  g_clear_object (&self->generator);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sb_jobs_pane_parent_class)->dispose (object);
}

static void
sb_jobs_pane_class_init (SbJobsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_jobs_pane_dispose;

  /**
   * SbJobsPane::failed:
   * @error: why a job could not be stopped
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sb-jobs-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SbJobsPane, job_status);
}

static void
sb_jobs_pane_init (SbJobsPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
