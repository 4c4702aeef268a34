/* test-flow.c: the whole flow in the window, against the simulator
 *
 * Queued and running jobs in the jobs list, cancel and abandon, the
 * messages for throttling, failed tasks and partial results (with Copy
 * Details), a notification when the window is not focused, results also
 * saved to a folder, and a generation kept while offline and sent when the
 * network returns. Runs under Xvfb (tests/gui/run-headless.sh), with its
 * own session bus, where it also plays the desktop's notification server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include <adwaita.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "sb-composer.h"
#include "sb-gallery-row.h"
#include "sb-tile-grid.h"
#include "sb-image-viewer.h"
#include "sb-json.h"
#include "sb-preferences.h"
#include "sb-secrets.h"
#include "sb-style.h"
#include "sb-sim-server.h"
#include "sb-test-util.h"
#include "sb-widget-compat.h"
#include "sb-gui-test-util.h"
#include "sb-window.h"
#include "sb-canvas.h"
#include "sb-stage.h"

#define API_KEY "sk-flow"

typedef struct {
  SbSimServer *sim;
  char        *sim_log;     /* one JSON line per request */
  GSettings   *settings;
  GFile       *home;
  SbGenerator *generator;
  SbWindow    *window;
  gint64       last_tick;
  gint64       longest_stall;
  guint        tick_id;
} Fixture;

static AdwApplication *application;
static guint preferences_opened;   /* app.preferences, as the app would open it */
static GPtrArray *notifications;   /* summaries received, as the desktop would */

/* The main loop's longest pause while the test runs. */
static gboolean
on_tick (gpointer user_data)
{
  Fixture *fixture = user_data;
  gint64 now = g_get_monotonic_time ();

  if (fixture->last_tick != 0)
    fixture->longest_stall = MAX (fixture->longest_stall, now - fixture->last_tick);
  fixture->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
start_sim (Fixture *fixture,
           double   seconds,
           guint    port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;

  fixture->sim = sb_sim_server_new (API_KEY, seconds);
  sb_sim_server_listen (fixture->sim, port, &error);
  g_assert_no_error (error);
  base_url = sb_sim_server_get_base_url (fixture->sim);
  g_setenv ("DASHSCOPE_HTTP_BASE_URL", base_url, TRUE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autofree char *home = g_dir_make_tmp ("sketchbloom-flow-XXXXXX", NULL);
  g_autoptr(GFile) data_directory = NULL;
  SbSketch *sketch;

  start_sim (fixture, data != NULL ? *(const double *) data : 0.5, 0);
  g_setenv ("DASHSCOPE_API_KEY", API_KEY, TRUE);

  fixture->home = g_file_new_for_path (home);
  data_directory = g_file_get_child (fixture->home, "data");
  fixture->sim_log = g_build_filename (home, "sim.log", NULL);
  sb_sim_server_set_log_file (fixture->sim, fixture->sim_log, NULL);
  {
    g_autoptr(GFile) history = g_file_get_child (data_directory, "history");

    /* Each create's log line says whether its entry was on disk first. */
    sb_sim_server_set_history_directory (fixture->sim, history);
  }
  fixture->settings = g_settings_new_with_backend (SCHEMA_ID, backend);
  g_settings_set_int (fixture->settings, "image-count", 2);

  fixture->generator = sb_gui_test_generator_new (fixture->settings, data_directory);
  fixture->window = g_object_ref (sb_window_new (GTK_APPLICATION (application), fixture->generator));

  /* Something to send: a stroke and a prompt. */
  sketch = sb_window_get_sketch (fixture->window);
  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 100, 100, 1.0);
  sb_sketch_extend_stroke (sketch, 600, 500, 1.0);
  sb_sketch_end_stroke (sketch);
  gtk_editable_set_text (GTK_EDITABLE (sb_gui_test_find_child (GTK_WIDGET (fixture->window), "prompt_entry")),
                         "a lighthouse at dusk");

  fixture->tick_id = g_timeout_add (5, on_tick, fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(SbHistory) history = g_object_ref (sb_generator_get_history (fixture->generator));
  g_autoptr(SbUsageLedger) ledger = g_object_ref (sb_generator_get_usage_ledger (fixture->generator));
  gint64 settle;

  g_clear_handle_id (&fixture->tick_id, g_source_remove);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  /* Jobs still under way end here, and their entries say so. */
  g_clear_object (&fixture->generator);

  /* The history's and the ledger's last writes land before the folder goes. */
  settle = g_get_monotonic_time ();
  while (g_get_monotonic_time () - settle < G_USEC_PER_SEC / 2 || sb_history_get_busy (history) ||
         sb_usage_ledger_get_busy (ledger))
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10000);
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->sim);
  g_clear_pointer (&fixture->sim_log, g_free);
  sb_test_remove_tree (fixture->home);
  g_clear_object (&fixture->home);
}

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  return sb_gui_test_find_child (GTK_WIDGET (fixture->window), name);
}

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

static void
wait_until (Fixture       *fixture,
            Condition      condition,
            gconstpointer  data,
            const char    *what)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!condition (fixture, data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* A widget anywhere under @root whose text contains @text. */
static GtkWidget *
find_text (GtkWidget  *root,
           GType       type,
           const char *text)
{
  const char *found = NULL;

  if (GTK_IS_LABEL (root))
    found = gtk_label_get_label (GTK_LABEL (root));
  else if (GTK_IS_BUTTON (root))
    found = gtk_button_get_label (GTK_BUTTON (root));

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && found != NULL && strstr (found, text) != NULL)
    return root;

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      GtkWidget *match = find_text (widget, type, text);

      if (match != NULL)
        return match;
    }

  return NULL;
}

static gboolean
shows_text (Fixture       *fixture,
            gconstpointer  text)
{
  return find_text (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL, text) != NULL;
}

/* The pictures in a folder (a generation's sketch is not one). */
static guint
count_pictures (GFile *folder)
{
  g_autoptr(GFileEnumerator) files = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                G_FILE_QUERY_INFO_NONE, NULL, NULL);
  GFileInfo *info;
  guint n = 0;

  while (files != NULL && (info = g_file_enumerator_next_file (files, NULL, NULL)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      n += g_str_has_suffix (name, ".png") && !g_str_equal (name, "sketch.png");
      g_object_unref (info);
    }

  return n;
}

static guint
count_images (Fixture *fixture)
{
  g_autoptr(GFile) history = g_file_resolve_relative_path (fixture->home, "data/history");
  g_autoptr(GFileEnumerator) entries = g_file_enumerate_children (history, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                  G_FILE_QUERY_INFO_NONE, NULL, NULL);
  GFileInfo *info;
  guint n = 0;

  while (entries != NULL && (info = g_file_enumerator_next_file (entries, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_child (history, g_file_info_get_name (info));

      n += count_pictures (folder);
      g_object_unref (info);
    }

  return n;
}

static gboolean
has_images (Fixture       *fixture,
            gconstpointer  data)
{
  return count_images (fixture) >= GPOINTER_TO_UINT (data);
}

/* The generation at @position of the history (0: the newest). */
static SbHistoryEntry *
history_entry (Fixture *fixture,
               guint    position)
{
  GListModel *history = G_LIST_MODEL (sb_generator_get_history (fixture->generator));
  g_autoptr(SbHistoryEntry) entry = g_list_model_get_item (history, position);

  return entry;   /* the history holds it */
}

static gboolean
has_entries (Fixture       *fixture,
             gconstpointer  data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (sb_generator_get_history (fixture->generator))) >= GPOINTER_TO_UINT (data);
}

static gboolean
has_active_jobs (Fixture       *fixture,
                 gconstpointer  data)
{
  return g_list_model_get_n_items (sb_generator_get_active_jobs (fixture->generator)) == GPOINTER_TO_UINT (data);
}

/* The gallery row showing @entry. */
static GtkWidget *
find_row (GtkWidget      *root,
          SbHistoryEntry *entry)
{
  if (SB_IS_GALLERY_ROW (root) && sb_gallery_row_get_entry (SB_GALLERY_ROW (root)) == entry)
    return root;

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      GtkWidget *match = find_row (widget, entry);

      if (match != NULL)
        return match;
    }
  return NULL;
}

/* A button under @root with @tooltip. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *tooltip)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return root;

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      GtkWidget *match = find_button (widget, tooltip);

      if (match != NULL)
        return match;
    }
  return NULL;
}

/* The first widget of @type under @root. */
static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      GtkWidget *match = find_type (widget, type);

      if (match != NULL)
        return match;
    }
  return NULL;
}

/* How many widgets under @root, shown, have @css_class. */
static guint
count_class (GtkWidget  *root,
             const char *css_class)
{
  guint n = gtk_widget_has_css_class (root, css_class) && gtk_widget_get_visible (root);

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    n += count_class (widget, css_class);
  return n;
}

/* A button under @root that activates @action. */
static GtkWidget *
find_action (GtkWidget  *root,
             const char *action)
{
  if (GTK_IS_ACTIONABLE (root) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      GtkWidget *match = find_action (widget, action);

      if (match != NULL)
        return match;
    }
  return NULL;
}

/* Stops a generation with its row's own button. */
static void
press_stop (Fixture        *fixture,
            SbHistoryEntry *entry)
{
  GtkWidget *row = find_row (GTK_WIDGET (fixture->window), entry);
  GtkWidget *stop = row != NULL ? find_button (row, "Stop this generation") : NULL;

  g_assert_nonnull (stop);
  g_assert_true (gtk_widget_is_visible (stop));
  g_signal_emit_by_name (stop, "clicked");
}

static gboolean
job_is (Fixture       *fixture,
        gconstpointer  data)
{
  const struct { SbJob *job; SbJobState state; } *want = data;

  return sb_job_get_state (want->job) == want->state;
}

static gboolean
dialog_shown (Fixture       *fixture,
              gconstpointer  data)
{
  return sb_alert_find (GTK_WINDOW (fixture->window)) != NULL;
}

/* Two generations: the second waits, and says so; cancelled, it is never
 * sent. The first, once DashScope has started it, can only be abandoned,
 * and the window asks before doing so. */
static void
test_flow_cancel (Fixture       *fixture,
                  gconstpointer  data)
{
  struct { SbJob *job; SbJobState state; } want;
  SbHistoryEntry *older, *newer;   /* the one sent first, the one that waits */
  SbJob *first, *second;
  GtkWidget *dialog;
  gint64 started;

  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, has_active_jobs, GUINT_TO_POINTER (2), "two jobs under way");

  /* Each on its own gallery row; the one whose sketch went online second
   * waits, and says why. */
  wait_until (fixture, shows_text, "Waiting for the running task", "the reason the second waits");
  older = history_entry (fixture, 1);
  newer = history_entry (fixture, 0);
  if (sb_job_get_state (sb_generator_find_job (fixture->generator, older)) == SB_JOB_QUEUED)
    {
      newer = older;
      older = history_entry (fixture, 0);
    }
  first = g_object_ref (sb_generator_find_job (fixture->generator, older));
  second = g_object_ref (sb_generator_find_job (fixture->generator, newer));
  g_assert_cmpint (sb_job_get_state (second), ==, SB_JOB_QUEUED);

  press_stop (fixture, newer);
  want.job = second, want.state = SB_JOB_CANCELLED;
  wait_until (fixture, job_is, &want, "the queued job cancelled");
  wait_until (fixture, has_active_jobs, GUINT_TO_POINTER (1), "one job left");
  g_assert_cmpint (sb_history_entry_get_state (newer), ==, SB_HISTORY_ENTRY_CANCELLED);

  /* The simulator starts a task 0.6 s in (of 3 s). */
  want.job = first, want.state = SB_JOB_PENDING;
  wait_until (fixture, job_is, &want, "the first task created");
  started = g_get_monotonic_time ();
  while (g_get_monotonic_time () - started < G_USEC_PER_SEC)
    g_main_context_iteration (NULL, FALSE);

  press_stop (fixture, older);
  wait_until (fixture, dialog_shown, NULL, "the question whether to abandon");
  dialog = sb_alert_find (GTK_WINDOW (fixture->window));
  g_assert_cmpstr (sb_alert_get_heading (dialog), ==, "Abandon the Running Task?");
  sb_alert_respond (dialog, "abandon");

  want.state = SB_JOB_CANCELLED;
  wait_until (fixture, job_is, &want, "the running job abandoned");
  wait_until (fixture, has_active_jobs, GUINT_TO_POINTER (0), "no job under way");
  g_assert_false (gtk_widget_is_visible (find_button (find_row (GTK_WIDGET (fixture->window), older),
                                                      "Stop this generation")));
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 1);   /* the second was never sent */

  g_object_unref (first);
  g_object_unref (second);
}

static void
on_clipboard_text (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static GtkWidget *toast_button (Fixture    *fixture,
                                const char *toast_text,
                                const char *button_label);

static char *
copy_details (Fixture    *fixture,
              const char *toast_text)
{
  /* The toast's own Copy Details button. */
  GtkWidget *button = toast_button (fixture, toast_text, "Copy _Details");
  char *text = NULL;

  g_signal_emit_by_name (button, "clicked");

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (fixture->window)), NULL,
                                 on_clipboard_text, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  return text;
}

static gboolean row_mapped (Fixture *fixture, gconstpointer data);

/* Throttled creates are retried and still make pictures; a failed task and
 * a partial result say so plainly; the main loop never stops for long. */
static void
test_flow_faults (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;

  gtk_window_present (GTK_WINDOW (fixture->window));

  sb_sim_server_add_fault (fixture->sim, "throttle-create=2", &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  /* Not a frozen "Submitting": what is happening, counting down. */
  wait_until (fixture, shows_text, _("The service is busy"), "the throttled row's countdown");
  g_assert_nonnull (find_text (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL, " s"));
  wait_until (fixture, has_images, GUINT_TO_POINTER (2), "two images despite throttling");
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "POST", "/api/v1/services/"), ==, 3);

  sb_sim_server_add_fault (fixture->sim, "fail-task", &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, shows_text, "Try again, or change the prompt.", "the failed task's message");
  details = copy_details (fixture, "Try again, or change the prompt.");
  g_assert_nonnull (strstr (details, "request_id: "));
  g_test_message ("details: %s", details);
  g_assert_true (g_str_has_prefix (details, "The task failed"));
  g_assert_nonnull (strstr (details, "\nInternalError.Algo: "));

  sb_sim_server_add_fault (fixture->sim, "partial", &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, shows_text, "Some images could not be made; the others are in the gallery",
              "the partial result's message");
  wait_until (fixture, has_images, GUINT_TO_POINTER (3), "the partial result's image");
  /* The picture that failed can be made again on its own, its price said
   * first: a task of one picture, in a row of its own. */
  {
    SbHistoryEntry *partial = history_entry (fixture, 0);
    GtkWidget *remake;
    guint tasks = sb_sim_server_count_tasks (fixture->sim);

    wait_until (fixture, row_mapped, partial, "the partial result's row");
    remake = find_action (find_row (GTK_WIDGET (fixture->window), partial), "win.remake-one");
    g_assert_nonnull (remake);
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (remake), "CNY"));
    sb_gui_test_save_screenshot (GTK_WIDGET (fixture->window), "flow", "partial-make-again");
    g_signal_emit_by_name (remake, "clicked");
    wait_until (fixture, has_images, GUINT_TO_POINTER (4), "the picture made again");
    g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, tasks + 1);
    g_assert_cmpint (sb_params_get_count (sb_history_entry_get_params (history_entry (fixture, 0))), ==, 1);
  }

  /* Uploads, downloads and decoding ran off the main loop; a frame's
   * worth is the target (tests/bench/bench-startup measures it), a second
   * would be a frozen window. */
  g_test_message ("longest main-loop stall: %.1f ms", fixture->longest_stall / 1000.0);
  g_assert_cmpint (fixture->longest_stall, <, G_USEC_PER_SEC);
}

/* An outage while the task runs: the row says the app is waiting for the
 * service, and why; when the service is back the pictures arrive, from the
 * one task there ever was. */
static void
test_flow_outage (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  gtk_window_present (GTK_WINDOW (fixture->window));
  sb_sim_server_add_fault (fixture->sim, "outage=6000", &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, shows_text, "Waiting for the service: ", "the row saying why it waits");
  sb_gui_test_save_screenshot (GTK_WIDGET (fixture->window), "flow", "outage-waiting");
  wait_until (fixture, has_images, GUINT_TO_POINTER (2), "the pictures after the outage");
  g_assert_null (find_text (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL, "Waiting for the service: "));
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "POST", "/api/v1/services/"), ==, 1);
}

static gboolean
notified (Fixture       *fixture,
          gconstpointer  data)
{
  return notifications->len > 0;
}

static gboolean
exported (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GFile) folder = g_file_get_child (fixture->home, "exported");

  return count_pictures (folder) == 2;
}

/* Not focused: the desktop is told the pictures are ready; and with the
 * preference on, they are also copied to the chosen folder. */
static void
test_flow_notification (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GFile) folder = g_file_get_child (fixture->home, "exported");
  g_autofree char *path = g_file_get_path (folder);

  g_file_make_directory (folder, NULL, NULL);
  g_settings_set_string (fixture->settings, "export-folder", path);
  g_settings_set_boolean (fixture->settings, "export-results", TRUE);

  /* Never shown, so never the active window. */
  g_assert_false (gtk_window_is_active (GTK_WINDOW (fixture->window)));
  g_ptr_array_set_size (notifications, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, notified, NULL, "a desktop notification");
  g_assert_cmpstr (g_ptr_array_index (notifications, 0), ==, "Pictures Ready");
  wait_until (fixture, exported, NULL, "both pictures in the export folder");
}

/* No network when the sketch is sent: kept, said so, and sent when the
 * network comes back. */
static void
test_flow_offline (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *base_url = sb_sim_server_get_base_url (fixture->sim);
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  guint port = g_uri_get_port (uri);

  gtk_window_present (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->sim);   /* the service is unreachable */

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, shows_text, "No network: 1 generation is sent when it is back", "the offline status");

  start_sim (fixture, 0.5, port);
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  wait_until (fixture, has_images, GUINT_TO_POINTER (2), "the images once the network is back");
  g_assert_false (gtk_widget_get_visible (child (fixture, "job_status")));
}

/* A sweep: one image per weight, one task at a time, all on one gallery
 * row whose tiles are captioned with their weight; a caption takes its
 * weight back to the composer. */
static gboolean
sweep_done (Fixture       *fixture,
            gconstpointer  data)
{
  return count_images (fixture) >= 6 && has_active_jobs (fixture, GUINT_TO_POINTER (0));
}

static void
test_flow_sweep (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *gallery = child (fixture, "gallery");
  GMenuModel *menu = gtk_menu_button_get_menu_model (child (fixture, "sweep_button"));
  g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_autofree char *weights = NULL;
  GtkWidget *row, *caption;

  /* What it makes and costs, said before it starts. */
  g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s", &weights));
  g_assert_cmpstr (weights, ==, "Across Sketch _Weights (6 images, free)");

  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sweep", "s", "weights");
  wait_until (fixture, sweep_done, NULL, "six weights swept");
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 6);
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "POST", "/api/v1/uploads"), <=, 1);
  g_assert_cmpuint (count_images (fixture), ==, 6);

  /* Six entries in the history, one row in the gallery. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sb_generator_get_history (fixture->generator))), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (gallery)))), ==, 1);
  row = find_row (gallery, history_entry (fixture, 0));
  g_assert_nonnull (row);
  g_assert_cmpuint (count_class (row, "gallery-image"), ==, 6);
  for (guint weight = 0; weight <= 10; weight += 2)
    {
      g_autofree char *label = g_strdup_printf ("Weight %u", weight);

      g_assert_nonnull (find_text (row, GTK_TYPE_LABEL, label));
    }

  /* "Weight 4" back to the composer. */
  caption = gtk_widget_get_parent (find_text (row, GTK_TYPE_LABEL, "Weight 4"));
  g_assert_true (GTK_IS_BUTTON (caption));
  g_assert_cmpint (g_settings_get_int (fixture->settings, "sketch-weight"), !=, 4);
  g_signal_emit_by_name (caption, "clicked");
  g_assert_cmpint (g_settings_get_int (fixture->settings, "sketch-weight"), ==, 4);
}

/* The desktop's notification server, as far as GApplication uses it. */
static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "</interface></node>";

static void
on_notifications_call (GDBusConnection       *connection,
                       const char            *sender,
                       const char            *path,
                       const char            *interface,
                       const char            *method,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation,
                       gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      const char *summary;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_ptr_array_add (notifications, g_strdup (summary));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notifications->len));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *capabilities[] = { "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", capabilities));
    }
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
serve_notifications (void)
{
  static const GDBusInterfaceVTable vtable = { on_notifications_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;

  g_assert_nonnull (bus);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", node->interfaces[0],
                                     &vtable, NULL, NULL, NULL);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 0),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  g_assert_nonnull (reply);
}

static gboolean
retry_shown (Fixture       *fixture,
             gconstpointer  data)
{
  return (find_text (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON, "_Retry") != NULL) == GPOINTER_TO_INT (data);
}

/* A picture DashScope made but that could not be downloaded is not silent:
 * its row offers Retry, which fetches it while DashScope keeps it. */
static void
test_flow_retry (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *retry;
  GVariant *target;

  gtk_window_present (GTK_WINDOW (fixture->window));
  sb_sim_server_add_fault (fixture->sim, "expired-results=1", &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, retry_shown, GINT_TO_POINTER (TRUE), "Retry for the picture not saved");
  g_assert_cmpuint (count_images (fixture), ==, 1);

  retry = find_text (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON, "_Retry");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (retry)), ==, "win.retry");
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (retry));
  gtk_widget_activate_action_variant (GTK_WIDGET (fixture->window), "win.retry", target);
  wait_until (fixture, has_images, GUINT_TO_POINTER (2), "the missing picture fetched again");
  wait_until (fixture, retry_shown, GINT_TO_POINTER (FALSE), "no more Retry");
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "POST", "/api/v1/services/"), ==, 1);
}

/* A generation DashScope failed shows in the gallery at once, with its
 * reason and Retry; Retry makes it again in the same row, as exactly one
 * new task. */
static gboolean
entry_is (Fixture       *fixture,
          gconstpointer  data)
{
  const struct { SbHistoryEntry *entry; SbHistoryEntryState state; } *want = data;

  return sb_history_entry_get_state (want->entry) == want->state;
}

/* A failed row takes the room of a line of text and its buttons, not of
 * a picture. */
static gboolean
row_shorter_than (Fixture       *fixture,
                  gconstpointer  row)
{
  return gtk_widget_get_height ((GtkWidget *) row) < 200;
}

static gboolean
has_entries_exactly (Fixture       *fixture,
                     gconstpointer  data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (sb_generator_get_history (fixture->generator))) == GPOINTER_TO_UINT (data);
}

static void
test_flow_retry_failed (Fixture       *fixture,
                        gconstpointer  data)
{
  struct { SbHistoryEntry *entry; SbHistoryEntryState state; } want;
  g_autoptr(GError) error = NULL;
  GtkWidget *row, *retry;

  gtk_window_present (GTK_WINDOW (fixture->window));
  sb_sim_server_add_fault (fixture->sim, "fail-task=1", &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, has_entries, GUINT_TO_POINTER (1), "the generation in the history");
  want.entry = history_entry (fixture, 0);
  want.state = SB_HISTORY_ENTRY_FAILED;
  wait_until (fixture, entry_is, &want, "the generation failed");
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 1);

  row = find_row (GTK_WIDGET (fixture->window), want.entry);
  g_assert_nonnull (row);
  g_assert_cmpuint (count_class (row, "failed-tile"), ==, 1);
  g_assert_nonnull (find_text (row, GTK_TYPE_LABEL, sb_history_entry_get_error (want.entry)));
  /* It says before anything is spent that this one is paid for again. */
  retry = find_button (row, "Make it again, as a new task: it is paid for like the first");
  g_assert_nonnull (retry);
  g_signal_emit_by_name (retry, "clicked");

  want.state = SB_HISTORY_ENTRY_DONE;
  wait_until (fixture, entry_is, &want, "the generation made again");
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sb_generator_get_history (fixture->generator))), ==, 1);
  g_assert_cmpuint (count_images (fixture), ==, 2);

  /* Another failure: compact, beside the sketch it was asked for, and
   * dismissed with its own button, so failures do not pile up. */
  sb_sim_server_add_fault (fixture->sim, "fail-task=1", &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, has_entries, GUINT_TO_POINTER (2), "the second generation");
  want.entry = history_entry (fixture, 0);
  want.state = SB_HISTORY_ENTRY_FAILED;
  wait_until (fixture, entry_is, &want, "the second generation failed");
  wait_until (fixture, row_mapped, want.entry, "the failed row");
  row = find_row (GTK_WIDGET (fixture->window), want.entry);
  {
    GtkWidget *dismiss;

    /* The sketch decodes in a worker; shown once it has. */
    while (count_class (row, "failed-sketch") == 0)
      g_main_context_iteration (NULL, TRUE);
    /* Laid out again from its running form (placeholders) to the failure. */
    wait_until (fixture, row_shorter_than, row, "a compact failed row");
    sb_gui_test_save_screenshot (GTK_WIDGET (fixture->window), "flow", "failed-row");
    g_test_message ("a failed row: %d px high", gtk_widget_get_height (row));
    dismiss = find_action (row, "win.dismiss-failed");
    g_assert_nonnull (dismiss);
    g_signal_emit_by_name (dismiss, "clicked");
  }
  wait_until (fixture, has_entries_exactly, GUINT_TO_POINTER (1), "the failed generation dismissed");
  g_assert_true (history_entry (fixture, 0) != want.entry);
}

/* Generate puts the generation on top of the gallery at once, in view,
 * before the sketch has even been uploaded: a placeholder per picture asked
 * for, filled in as they arrive; nothing in the window changes width. */
static gboolean
upload_held (Fixture       *fixture,
             gconstpointer  data)
{
  return sb_sim_server_count_held_uploads (fixture->sim) > 0;
}

static gboolean
row_mapped (Fixture       *fixture,
            gconstpointer  entry)
{
  GtkWidget *row = find_row (child (fixture, "gallery"), (SbHistoryEntry *) entry);

  return row != NULL && gtk_widget_get_mapped (row);
}

static void
assert_in_view (Fixture   *fixture,
                GtkWidget *row)
{
  GtkWidget *gallery = child (fixture, "gallery");
  GtkWidget *viewport = gtk_widget_get_parent (gallery);
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_get_mapped (row));
  g_assert_true (gtk_widget_compute_bounds (row, viewport, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y, <, gtk_widget_get_height (viewport));
}

static void
test_flow_appears_at_once (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *gallery_pane = gtk_widget_get_parent (child (fixture, "gallery_part"));
  GtkAdjustment *scroll = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child (fixture, "gallery_scroller")));
  SbHistoryEntry *entry;
  GtkWidget *row;
  int window_width, pane_width;

  g_settings_set_int (fixture->settings, "image-count", 4);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));

  /* Two earlier generations, the gallery scrolled down past them. */
  for (guint i = 0; i < 2; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
      wait_until (fixture, has_images, GUINT_TO_POINTER (4 * (i + 1)), "an earlier generation");
    }
  wait_until (fixture, has_active_jobs, GUINT_TO_POINTER (0), "nothing under way");
  while (g_main_context_iteration (NULL, FALSE));
  gtk_adjustment_set_value (scroll, gtk_adjustment_get_upper (scroll));
  while (g_main_context_iteration (NULL, FALSE));
  window_width = gtk_widget_get_width (GTK_WIDGET (fixture->window));
  pane_width = gtk_widget_get_width (gallery_pane);

  sb_sim_server_hold_uploads (fixture->sim, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, upload_held, NULL, "the sketch's upload, held by the simulator");
  while (g_main_context_iteration (NULL, FALSE));

  /* While the service has not even the sketch: the row is there, on top, in view. */
  entry = history_entry (fixture, 0);
  g_assert_cmpint (sb_history_entry_get_state (entry), ==, SB_HISTORY_ENTRY_UPLOADING);
  wait_until (fixture, row_mapped, entry, "the new generation's row on screen");
  row = find_row (child (fixture, "gallery"), entry);
  g_assert_nonnull (row);
  assert_in_view (fixture, row);
  g_assert_cmpuint (count_class (row, "placeholder-tile"), ==, 4);
  g_assert_nonnull (find_text (row, GTK_TYPE_LABEL, "Uploading the sketch"));
  g_assert_true (gtk_widget_is_visible (find_button (row, "Stop this generation")));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), ==, window_width);
  g_assert_cmpint (gtk_widget_get_width (gallery_pane), ==, pane_width);

  sb_sim_server_hold_uploads (fixture->sim, FALSE);
  wait_until (fixture, has_images, GUINT_TO_POINTER (12), "the new pictures");
  wait_until (fixture, has_active_jobs, GUINT_TO_POINTER (0), "nothing under way");
  while (g_main_context_iteration (NULL, FALSE));
  row = find_row (child (fixture, "gallery"), entry);
  g_assert_cmpuint (count_class (row, "placeholder-tile"), ==, 0);
  g_assert_cmpuint (count_class (row, "gallery-image"), ==, 4);
  g_assert_cmpuint (count_class (row, "arrived"), ==, 4);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), ==, window_width);
  g_assert_cmpint (gtk_widget_get_width (gallery_pane), ==, pane_width);
}

/* Against the simulator the window says so; someone who knows can hide the
 * notice, and it stays hidden for the session. */
static void
test_flow_service_notice (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkRevealer *banner = child (fixture, "service_banner");

  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_nonnull (strstr (gtk_label_get_label (child (fixture, "service_label")), "local test service"));

  g_signal_emit_by_name (child (fixture, "service_notice_close"), "clicked");
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_settings_set_string (fixture->settings, "region", "international");
  g_assert_false (gtk_revealer_get_reveal_child (banner));
}

/* The creates the simulator logged, in order: the request bodies, each
 * with "entry_on_disk". */
static GPtrArray *
logged_creates (Fixture *fixture)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *creates = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  g_assert_true (g_file_get_contents (fixture->sim_log, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      JsonNode *line = *lines[i] != '\0' ? sb_json_parse (lines[i], -1, NULL) : NULL;

      if (line != NULL && g_str_has_suffix (sb_json_get_string (json_node_get_object (line), "path"), "/image-synthesis") &&
          json_object_get_int_member (json_node_get_object (line), "status") == 200)
        g_ptr_array_add (creates, line);
      else if (line != NULL)
        json_node_unref (line);
    }
  return creates;
}

/* Every control of the composer reaches the request, and the history entry
 * is on disk before the create leaves. */
static void
test_flow_composer_reaches_request (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GPtrArray) creates = NULL;
  JsonObject *create, *parameters;

  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_adjustment_set_value (child (fixture, "weight_adjustment"), 3);
  gtk_drop_down_set_selected (child (fixture, "style_dropdown"), SB_STYLE_WATERCOLOR);
  gtk_adjustment_set_value (child (fixture, "count_adjustment"), 3);
  gtk_editable_set_text (child (fixture, "prompt_entry"), "a harbour in the rain");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, has_images, GUINT_TO_POINTER (3), "three pictures");

  creates = logged_creates (fixture);
  g_assert_cmpuint (creates->len, ==, 1);
  create = json_node_get_object (g_ptr_array_index (creates, 0));
  g_assert_true (json_object_get_boolean_member (create, "entry_on_disk"));
  parameters = sb_json_get_object (sb_json_get_object (create, "request"), "parameters");
  g_assert_cmpint (json_object_get_int_member (parameters, "sketch_weight"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (parameters, "n"), ==, 3);
  g_assert_cmpstr (sb_json_get_string (parameters, "style"), ==, sb_style_to_wire (SB_STYLE_WATERCOLOR));
  g_assert_cmpstr (sb_json_get_string (sb_json_get_object (sb_json_get_object (create, "request"), "input"), "prompt"),
                   ==, "a harbour in the rain");
}

static void
on_key_stored (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sb_secrets_store_api_key_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
store_key (const char *key)
{
  gboolean stored = FALSE;

  sb_secrets_store_api_key_async (key, NULL, on_key_stored, &stored);
  while (!stored)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
tasks_made (Fixture       *fixture,
            gconstpointer  data)
{
  const struct { SbSimServer *sim; guint n; } *want = data;

  return sb_sim_server_count_tasks (want->sim) == want->n;
}

static gboolean
no_jobs_left (Fixture       *fixture,
              gconstpointer  data)
{
  return g_list_model_get_n_items (sb_generator_get_active_jobs (fixture->generator)) == 0;
}

static void
generate_in (SbWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.generate", NULL);
}

/* A new key, then a new service address, set in Preferences: the very next
 * Generate of every open window uses it. */
static void
test_flow_new_settings_every_window (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(SbSimServer) other = sb_sim_server_new (API_KEY, 0.3);
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = sb_sim_server_get_base_url (fixture->sim);
  g_autofree char *other_url = NULL;
  SbWindow *second = sb_window_new (GTK_APPLICATION (application), fixture->generator);
  SbPreferences *preferences;
  SbSketch *sketch;
  struct { SbSimServer *sim; guint n; } want;

  /* The key from the keyring, the service from the settings, as for users. */
  g_unsetenv ("DASHSCOPE_API_KEY");
  g_unsetenv ("DASHSCOPE_HTTP_BASE_URL");
  g_settings_set_string (fixture->settings, "region", "custom");
  g_settings_set_string (fixture->settings, "custom-base-url", base_url);
  store_key ("sk-old-and-revoked");

  sketch = sb_window_get_sketch (second);
  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 100, 100, 1.0);
  sb_sketch_extend_stroke (sketch, 600, 500, 1.0);
  sb_sketch_end_stroke (sketch);
  gtk_editable_set_text (sb_gui_test_find_child (GTK_WIDGET (second), "prompt_entry"), "a second window");
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_window_present (GTK_WINDOW (second));

  /* The old key is refused… */
  generate_in (fixture->window);
  wait_until (fixture, shows_text, "Check the API key in Preferences.", "the refused key said so");
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 0);

  /* …a new one is entered in Preferences, and both windows use it. */
  preferences = sb_preferences_new (fixture->generator);
  sb_prefs_dialog_present (GTK_WIDGET (preferences), GTK_WIDGET (fixture->window));
  gtk_editable_set_text (sb_gui_test_find_child (GTK_WIDGET (preferences), "api_key_row"), API_KEY);
  g_signal_emit_by_name (sb_gui_test_find_child (GTK_WIDGET (preferences), "api_key_row"), "apply");
  store_key (API_KEY);   /* the same write again: then Preferences' is done too */
  generate_in (fixture->window);
  generate_in (second);
  want.sim = fixture->sim, want.n = 2;
  wait_until (fixture, tasks_made, &want, "a task from each window with the new key");

  /* A new service address in Preferences: both windows' next Generate go there. */
  sb_sim_server_listen (other, 0, &error);
  g_assert_no_error (error);
  other_url = sb_sim_server_get_base_url (other);
  gtk_editable_set_text (sb_gui_test_find_child (GTK_WIDGET (preferences), "custom_url_row"), other_url);
  generate_in (second);
  generate_in (fixture->window);
  want.sim = other, want.n = 2;
  wait_until (fixture, tasks_made, &want, "a task from each window at the new address");
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 2);
  /* Their pictures come from that service too: before it goes. */
  wait_until (fixture, no_jobs_left, NULL, "every job finished");

  sb_prefs_dialog_close (GTK_WIDGET (preferences));
  gtk_window_destroy (GTK_WINDOW (second));
}

static void
count_preferences (void)
{
  preferences_opened++;
}

/* The toast's button whose label is @button_label, once it has slid in
 * (after the one before it has gone), as a person would press it.
 * (libadwaita 1.2 can crash when a toast is dismissed during its show
 * animation.) */
static GtkWidget *
toast_button (Fixture    *fixture,
              const char *toast_text,
              const char *button_label)
{
  GtkWidget *toast = NULL;
  GtkWidget *button = NULL;
  gint64 shown;

  wait_until (fixture, shows_text, toast_text, toast_text);
  shown = g_get_monotonic_time ();
  while (g_get_monotonic_time () - shown < G_USEC_PER_SEC / 2)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (5000);
  toast = find_text (GTK_WIDGET (fixture->window), GTK_TYPE_LABEL, toast_text);
  while (toast != NULL && button == NULL)
    {
      toast = gtk_widget_get_parent (toast);
      button = toast != NULL ? find_text (toast, GTK_TYPE_BUTTON, button_label) : NULL;
    }
  g_assert_nonnull (button);
  return button;
}

static gboolean
preferences_asked (Fixture       *fixture,
                   gconstpointer  data)
{
  return preferences_opened >= GPOINTER_TO_UINT (data);
}

/* Clearing the canvas offers Undo, and Undo brings the drawing back; a key
 * refused at the upload policy opens Preferences, and its toast leads there. */
static void
test_flow_toasts_lead_somewhere (Fixture       *fixture,
                                 gconstpointer  data)
{
  SbSketch *sketch = sb_window_get_sketch (fixture->window);
  guint before = preferences_opened;

  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "sketch.clear", NULL);
  g_assert_true (sb_sketch_is_empty (sketch));
  g_signal_emit_by_name (toast_button (fixture, "Canvas cleared", "_Undo"), "clicked");
  g_assert_false (sb_sketch_is_empty (sketch));

  /* Temporary storage asks DashScope for an upload policy first: 401. */
  g_assert_cmpint (g_settings_get_enum (fixture->settings, "upload-method"), ==, SB_UPLOAD_METHOD_DASHSCOPE);
  g_setenv ("DASHSCOPE_API_KEY", "sk-revoked", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, preferences_asked, GUINT_TO_POINTER (before + 1), "Preferences opened for the refused key");
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 0);
  g_signal_emit_by_name (toast_button (fixture, "Check the API key in Preferences.", "Open _Preferences"), "clicked");
  wait_until (fixture, preferences_asked, GUINT_TO_POINTER (before + 2), "Preferences opened from the toast");

  /* A sweep that fails before its first task says why on its own row,
   * with the way to the setting. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sweep", "s", "weights");
  wait_until (fixture, preferences_asked, GUINT_TO_POINTER (before + 3), "Preferences opened for the sweep");
  {
    SbHistoryEntry *leader = history_entry (fixture, 0);
    GtkWidget *row;

    g_assert_cmpuint (sb_history_entry_get_sweep_index (leader), ==, 0);
    wait_until (fixture, row_mapped, leader, "the sweep's row");
    row = find_row (GTK_WIDGET (fixture->window), leader);
    g_assert_cmpuint (count_class (row, "failed-tile"), ==, 1);
    g_assert_nonnull (find_text (row, GTK_TYPE_LABEL, "refused the API key"));
    g_signal_emit_by_name (find_action (row, "app.preferences"), "clicked");
    wait_until (fixture, preferences_asked, GUINT_TO_POINTER (before + 4), "Preferences opened from the sweep's row");
  }

  /* Refused at the create (a sketch put online without the key): the same. */
  g_settings_set_enum (fixture->settings, "upload-method", SB_UPLOAD_METHOD_PUT);
  {
    g_autofree char *files = sb_sim_server_get_files_url (fixture->sim);
    g_autofree char *up = g_strconcat (files, "up/", NULL);

    g_settings_set_string (fixture->settings, "upload-url", up);
  }
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, preferences_asked, GUINT_TO_POINTER (before + 5), "Preferences opened for the refused create");
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "POST", "/api/v1/services/"), >=, 1);
  g_assert_cmpuint (sb_sim_server_count_tasks (fixture->sim), ==, 0);
}

/* Every state of a generation, as the artist sees it, in the window at
 * 1200×960; with SB_SCREENSHOT_DIR set, each is saved there as
 * states-LANG-NAME.png (the GUI suite runs it in English and in zh_CN). */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  sb_gui_test_save_screenshot (widget, "states", name);
}

static gboolean
viewer_shown (Fixture       *fixture,
              gconstpointer  data)
{
  SbImageViewer *viewer = sb_window_get_viewer (fixture->window);

  return viewer != NULL && gtk_widget_get_mapped (GTK_WIDGET (viewer));
}

#define find_viewer() sb_window_get_viewer (fixture->window)

/* A menu button under @root any of whose menu's sections offers @label. */
static gboolean
menu_offers (GtkWidget  *root,
             const char *label)
{
  GMenuModel *menu = GTK_IS_MENU_BUTTON (root) ? gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root)) : NULL;

  for (int s = 0; menu != NULL && s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *text = NULL;

          if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &text) &&
              strstr (text, label) != NULL)
            return TRUE;
        }
    }
  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    if (menu_offers (widget, label))
      return TRUE;
  return FALSE;
}

static gboolean
viewer_picture_loaded (Fixture       *fixture,
                       gconstpointer  data)
{
  SbImageViewer *viewer = find_viewer ();

  return viewer != NULL &&
         gtk_picture_get_paintable (sb_gui_test_find_child (GTK_WIDGET (viewer), "picture")) != NULL;
}

static gboolean
enlarge_offered (Fixture       *fixture,
                 gconstpointer  label)
{
  SbImageViewer *viewer = find_viewer ();

  return viewer != NULL && menu_offers (GTK_WIDGET (viewer), label);
}

/* The doodle engine: chosen in the composer, it needs no upload method (PUT
 * is chosen with no address), says the weight is not used, and sends the
 * style in words and a seed. */
static void
test_flow_doodle_engine (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) creates = NULL;
  JsonObject *request, *input, *parameters;

  g_settings_set_enum (fixture->settings, "upload-method", SB_UPLOAD_METHOD_PUT);
  g_settings_set_string (fixture->settings, "upload-url", "");
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_drop_down_set_selected (child (fixture, "style_dropdown"), SB_STYLE_WATERCOLOR);
  gtk_drop_down_set_selected (child (fixture, "engine_dropdown"), 1);
  g_assert_cmpstr (g_settings_get_string (fixture->settings, "engine"), ==, "doodle");
  g_assert_false (gtk_widget_get_sensitive (child (fixture, "weight_scale")));
  g_assert_nonnull (strstr (gtk_label_get_label (child (fixture, "weight_label")), "not used"));
  /* A prompt the sketch model could not take: 120 characters. */
  gtk_editable_set_text (child (fixture, "prompt_entry"),
                         "a lighthouse at dusk on a rocky shore, waves breaking below, gulls circling the lamp, "
                         "a small boat coming home");
  g_assert_true (sb_composer_get_prompt_fits (child (fixture, "composer_part")));
  sb_gui_test_save_screenshot (GTK_WIDGET (fixture->window), "flow", "doodle-engine");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  wait_until (fixture, has_images, GUINT_TO_POINTER (2), "two pictures from the doodle engine");
  sb_gui_test_save_screenshot (GTK_WIDGET (fixture->window), "flow", "doodle-results");

  creates = logged_creates (fixture);
  g_assert_cmpuint (creates->len, ==, 1);
  request = sb_json_get_object (json_node_get_object (g_ptr_array_index (creates, 0)), "request");
  input = sb_json_get_object (request, "input");
  parameters = sb_json_get_object (request, "parameters");
  g_assert_cmpstr (sb_json_get_string (request, "model"), ==, "wanx2.1-imageedit");
  g_assert_cmpstr (sb_json_get_string (input, "function"), ==, "doodle");
  g_assert_true (g_str_has_suffix (sb_json_get_string (input, "prompt"), "a small boat coming home, watercolor style"));
  g_assert_true (g_str_has_prefix (sb_json_get_string (input, "base_image_url"), "data:image/png;base64,"));
  g_assert_true (json_object_has_member (parameters, "seed"));
  g_assert_false (json_object_has_member (parameters, "sketch_weight"));
  g_assert_true (json_object_get_boolean_member (parameters, "is_sketch"));
  g_assert_cmpuint (sb_sim_server_count_requests (fixture->sim, "PUT", "/"), ==, 0);

  /* Enlarge the first picture 4× from the viewer's menu: the larger one
   * joins the same row, saved the moment it arrives, 3072×3072. */
  {
    SbHistoryEntry *made = history_entry (fixture, 0);
    g_auto(GStrv) images = sb_history_entry_get_images (made);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GdkPixbuf) enlarged = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) big = NULL;
    SbHistoryEntry *enlargement;
    GtkWidget *row;

    g_ptr_array_add (files, g_file_get_child (sb_history_entry_get_directory (made), images[0]));
    g_signal_emit_by_name (child (fixture, "gallery_part"), "open-image", files, 0);
    wait_until (fixture, viewer_shown, NULL, "the viewer");
    wait_until (fixture, enlarge_offered, "Enlarge 4× (3072 px)", "Enlarge 4× offered, with its size");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (find_viewer ()), "viewer.enlarge", "i", 4));
    gtk_widget_activate_action (GTK_WIDGET (find_viewer ()), "page.back", NULL);
    wait_until (fixture, has_images, GUINT_TO_POINTER (3), "the enlarged picture");
    wait_until (fixture, has_active_jobs, GUINT_TO_POINTER (0), "the enlargement done");

    enlargement = history_entry (fixture, 0);
    g_assert_true (enlargement != made);
    g_assert_true (sb_history_get_parent (sb_generator_get_history (fixture->generator), enlargement) == made);
    big = sb_history_entry_get_images (enlargement);
    g_assert_cmpuint (g_strv_length (big), ==, 1);
    {
      g_autoptr(GFile) file = g_file_get_child (sb_history_entry_get_directory (enlargement), big[0]);

      enlarged = gdk_pixbuf_new_from_file (g_file_peek_path (file), &error);
      g_assert_no_error (error);
    }
    g_assert_cmpint (gdk_pixbuf_get_width (enlarged), ==, 3072);
    g_assert_cmpint (gdk_pixbuf_get_height (enlarged), ==, 3072);
    /* One row, the generation's: two pictures and the larger one. */
    g_assert_null (find_row (GTK_WIDGET (fixture->window), enlargement));
    row = find_row (GTK_WIDGET (fixture->window), made);
    g_assert_nonnull (row);
    g_assert_nonnull (find_text (row, GTK_TYPE_LABEL, "4× larger"));
    sb_gui_test_save_screenshot (GTK_WIDGET (fixture->window), "flow", "doodle-enlarged");

    /* The viewer shows it at actual size (Ctrl+1): every pixel, scrolling. */
    {
      g_autoptr(GPtrArray) big_files = g_ptr_array_new_with_free_func (g_object_unref);
      GtkScrolledWindow *scroller;

      g_ptr_array_add (big_files, g_file_get_child (sb_history_entry_get_directory (enlargement), big[0]));
      g_signal_emit_by_name (child (fixture, "gallery_part"), "open-image", big_files, 0);
      wait_until (fixture, viewer_shown, NULL, "the viewer");
      wait_until (fixture, viewer_picture_loaded, NULL, "the picture loaded");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (find_viewer ()), "viewer.zoom-actual", NULL));
      scroller = sb_gui_test_find_child (GTK_WIDGET (find_viewer ()), "picture_scroller");
      while (gtk_adjustment_get_upper (gtk_scrolled_window_get_hadjustment (scroller)) < 3072)
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (gtk_toggle_button_get_active (sb_gui_test_find_child (GTK_WIDGET (find_viewer ()),
                                                                           "actual_size_button")));
      sb_gui_test_save_screenshot (GTK_WIDGET (find_viewer ()), "flow", "doodle-enlarged-actual-size");
      gtk_widget_activate_action (GTK_WIDGET (find_viewer ()), "page.back", NULL);
    }
  }

  /* Same Seed from the first picture: another prompt, the seed sent again;
   * New Seed lets the next one have its own. */
  {
    SbHistoryEntry *made = history_entry (fixture, 1);
    g_auto(GStrv) images = sb_history_entry_get_images (made);
    g_autoptr(GFile) file = g_file_get_child (sb_history_entry_get_directory (made), images[0]);
    g_autofree char *uri = g_file_get_uri (file);
    gint64 seed = sb_params_get_seed (sb_history_entry_get_params (made));
    g_autoptr(GPtrArray) again = NULL;
    JsonObject *sent;

    g_assert_cmpint (seed, >=, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.same-seed", "s", uri));
    g_assert_true (gtk_widget_get_visible (child (fixture, "new_seed_button")));
    gtk_editable_set_text (child (fixture, "prompt_entry"), "the same lighthouse, at dawn");
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
    wait_until (fixture, has_images, GUINT_TO_POINTER (5), "the pictures with the same seed");
    again = logged_creates (fixture);
    sent = sb_json_get_object (sb_json_get_object (json_node_get_object (g_ptr_array_index (again, again->len - 1)),
                                                   "request"), "parameters");
    g_assert_cmpint (json_object_get_int_member (sent, "seed"), ==, seed);
    sb_gui_test_save_screenshot (GTK_WIDGET (fixture->window), "flow", "doodle-same-seed");
    gtk_widget_activate_action (child (fixture, "composer_part"), "composer.new-seed", NULL);
    g_assert_false (gtk_widget_get_visible (child (fixture, "new_seed_button")));
  }
}

static void
test_flow_states (Fixture       *fixture,
                  gconstpointer  data)
{
  struct { SbHistoryEntry *entry; SbHistoryEntryState state; } want;
  struct { SbJob *job; SbJobState state; } job_want;
  g_autoptr(GError) error = NULL;
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *row;

  g_settings_set_int (fixture->settings, "image-count", 4);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 960);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_signal_emit_by_name (child (fixture, "service_notice_close"), "clicked");

  /* 1. On top at once, a placeholder per picture, while the sketch uploads. */
  sb_sim_server_hold_uploads (fixture->sim, TRUE);
  gtk_widget_activate_action (window, "win.generate", NULL);
  wait_until (fixture, upload_held, NULL, "the upload, held");
  want.entry = history_entry (fixture, 0);
  wait_until (fixture, row_mapped, want.entry, "the new row");
  g_assert_cmpuint (count_class (find_row (window, want.entry), "placeholder-tile"), ==, 4);
  save_screenshot (window, "1-uploading");

  /* 2. Painting at DashScope, with the estimated progress. */
  sb_sim_server_hold_uploads (fixture->sim, FALSE);
  wait_until (fixture, has_active_jobs, GUINT_TO_POINTER (1), "the job");
  job_want.job = sb_generator_find_job (fixture->generator, want.entry);
  job_want.state = SB_JOB_RUNNING;
  wait_until (fixture, job_is, &job_want, "the task painting");
  row = find_row (window, want.entry);
  g_assert_true (gtk_widget_is_visible (find_type (row, GTK_TYPE_PROGRESS_BAR)));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (find_type (row, GTK_TYPE_PROGRESS_BAR))), >, 0.05);
  save_screenshot (window, "2-painting");

  /* 3. Arrived, with a brief highlight. */
  want.state = SB_HISTORY_ENTRY_DONE;
  wait_until (fixture, entry_is, &want, "the pictures");
  wait_until (fixture, row_mapped, want.entry, "the row");
  g_assert_cmpuint (count_class (find_row (window, want.entry), "gallery-image"), ==, 4);
  {
    /* Mid-highlight. */
    gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

    while (g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, FALSE);
  }
  save_screenshot (window, "3-arrived");

  /* 4. Failed at DashScope: why, and Retry. */
  sb_sim_server_add_fault (fixture->sim, "fail-task=1", &error);
  g_assert_no_error (error);
  gtk_widget_activate_action (window, "win.generate", NULL);
  wait_until (fixture, has_entries, GUINT_TO_POINTER (2), "the second generation");
  want.entry = history_entry (fixture, 0);
  want.state = SB_HISTORY_ENTRY_FAILED;
  wait_until (fixture, entry_is, &want, "the failure");
  g_assert_cmpuint (count_class (find_row (window, want.entry), "failed-tile"), ==, 1);
  save_screenshot (window, "4-failed");

  /* 5. A refused key: the row says so, with Open Preferences. */
  g_setenv ("DASHSCOPE_API_KEY", "sk-revoked", TRUE);
  gtk_widget_activate_action (window, "win.generate", NULL);
  wait_until (fixture, has_entries, GUINT_TO_POINTER (3), "the third generation");
  want.entry = history_entry (fixture, 0);
  wait_until (fixture, entry_is, &want, "the refused key");
  g_assert_true (sb_history_entry_get_error_in_preferences (want.entry));
  save_screenshot (window, "5-refused-key");
  g_setenv ("DASHSCOPE_API_KEY", API_KEY, TRUE);

  /* 6. A sweep: one row, captioned tiles. */
  gtk_widget_activate_action (window, "win.sweep", "s", "weights");
  wait_until (fixture, has_entries, GUINT_TO_POINTER (9), "the sweep");
  wait_until (fixture, has_images, GUINT_TO_POINTER (4 + 6), "the sweep's pictures");
  wait_until (fixture, has_active_jobs, GUINT_TO_POINTER (0), "the sweep done");
  wait_until (fixture, row_mapped, history_entry (fixture, 0), "the sweep's row");
  g_assert_cmpuint (count_class (find_row (window, history_entry (fixture, 0)), "sweep-caption"), ==, 6);
  save_screenshot (window, "6-sweep");

  /* 7. The viewer: the sketch beside the picture, the filmstrip (the first
   * generation's pictures, as its row opens them). */
  {
    SbHistoryEntry *first = history_entry (fixture, 8);
    g_auto(GStrv) images = sb_history_entry_get_images (first);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
    GtkWidget *strip;

    for (guint i = 0; images[i] != NULL; i++)
      g_ptr_array_add (files, g_file_get_child (sb_history_entry_get_directory (first), images[i]));
    g_assert_cmpuint (files->len, ==, 4);
    g_signal_emit_by_name (child (fixture, "gallery_part"), "open-image", files, 1);
    wait_until (fixture, viewer_shown, NULL, "the viewer");
    strip = sb_gui_test_find_child (GTK_WIDGET (find_viewer ()), "filmstrip");
    g_assert_nonnull (gtk_widget_get_first_child (strip));
    save_screenshot (GTK_WIDGET (find_viewer ()), "7-viewer");
    gtk_widget_activate_action (GTK_WIDGET (find_viewer ()), "page.back", NULL);
  }
}

/* Whether @widget is shown whole: mapped, at least its minimum size, and
 * inside the window. */
static void
assert_whole (GtkWidget  *window,
              GtkWidget  *widget,
              const char *what)
{
  graphene_rect_t bounds;
  int minimum;

  if (!gtk_widget_get_mapped (widget))
    g_error ("%s is not shown", what);
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  /* The minimum counts the margins; the bounds do not. */
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  minimum -= gtk_widget_get_margin_start (widget) + gtk_widget_get_margin_end (widget);
  if (bounds.size.width + 0.5 < minimum)
    g_error ("%s is squeezed: %.0f px wide, needs %d", what, bounds.size.width, minimum);
  if (bounds.origin.x < 0 || bounds.origin.y < 0 ||
      bounds.origin.x + bounds.size.width > gtk_widget_get_width (window) + 0.5 ||
      bounds.origin.y + bounds.size.height > gtk_widget_get_height (window) + 0.5)
    g_error ("%s is cut off at %.0f,%.0f %.0f×%.0f in a %d×%d window", what, bounds.origin.x, bounds.origin.y,
             bounds.size.width, bounds.size.height, gtk_widget_get_width (window), gtk_widget_get_height (window));
}

/* Every control of the tool palette and the composer that is shown, whole. */
static void
assert_controls_whole (GtkWidget *window,
                       GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child) || !gtk_widget_get_child_visible (child))
        continue;
      if (GTK_IS_BUTTON (child) || GTK_IS_MENU_BUTTON (child) || GTK_IS_DROP_DOWN (child) ||
          GTK_IS_SPIN_BUTTON (child) || GTK_IS_SCALE (child) || GTK_IS_ENTRY (child))
        assert_whole (window, child, G_OBJECT_TYPE_NAME (child));
      else
        assert_controls_whole (window, child);
    }
}

/* The window's size on screen, with its frame (what a window manager sets). */
static int
surface_width (GtkWidget *window)
{
  return gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window)));
}

static int
surface_height (GtkWidget *window)
{
  return gdk_surface_get_height (gtk_native_get_surface (GTK_NATIVE (window)));
}

/* Resized, and asked again until it holds, as a hand dragging the border
 * does: on libadwaita 1.2 the header gives up its title (and the window
 * its minimum width) only once the window is narrow. */
static void
resize_window (GtkWidget *window,
               int        width,
               int        height)
{
  gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while ((surface_width (window) != width || surface_height (window) != height) && g_get_monotonic_time () < until)
    {
      gint64 frame = g_get_monotonic_time () + G_USEC_PER_SEC / 10;

      gtk_window_set_default_size (GTK_WINDOW (window), width, height);
      while (g_get_monotonic_time () < frame)
        if (!g_main_context_iteration (NULL, FALSE))
          g_usleep (2000);
    }
  g_assert_cmpint (surface_width (window), ==, width);
}

static gboolean
child_visible (Fixture       *fixture,
               gconstpointer  data)
{
  return gtk_widget_get_visible (child (fixture, data));
}

static gboolean
extraction_on (Fixture       *fixture,
               gconstpointer  data)
{
  return sb_sketch_get_extraction (sb_window_get_sketch (fixture->window));
}

/* The window's stage, as its canvas shows it. */
static SbStage *
window_stage (Fixture *fixture)
{
  return sb_canvas_get_stage (child (fixture, "canvas"));
}

static gboolean
staged_on_canvas (Fixture       *fixture,
                  gconstpointer  data)
{
  return sb_canvas_get_staged (child (fixture, "canvas")) != NULL;
}

static gboolean
stage_active (Fixture       *fixture,
              gconstpointer  data)
{
  return sb_stage_get_active (window_stage (fixture));
}

static gboolean
staged_file_is (Fixture       *fixture,
                gconstpointer  data)
{
  SbStage *stage = window_stage (fixture);

  return sb_stage_get_file (stage) != NULL && g_file_equal (sb_stage_get_file (stage), (GFile *) data) &&
         staged_on_canvas (fixture, NULL);
}

/* The page's colour at the middle of its left and right halves, read from
 * what the window draws. */
static void
page_colors (Fixture *fixture,
             guint32 *left,
             guint32 *right)
{
  GtkWidget *canvas = child (fixture, "canvas");
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (canvas);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (canvas), height = gtk_widget_get_height (canvas);
  g_autofree guchar *pixels = g_malloc (width * height * 4);
  gint64 drawn = g_get_monotonic_time () + G_USEC_PER_SEC / 5;
  double x0, y0, x1, y1;

  /* What the canvas drew in its latest frame. */
  while (g_get_monotonic_time () < drawn || node == NULL)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (5000);
      g_clear_pointer (&node, gsk_render_node_unref);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (canvas)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_download (texture, pixels, width * 4);
  /* A quarter and three quarters across the page, at its middle. */
  sb_canvas_widget_to_sketch (SB_CANVAS (canvas), 0, 0, &x0, &y0);
  sb_canvas_widget_to_sketch (SB_CANVAS (canvas), width, height, &x1, &y1);
  {
    double scale = width / (x1 - x0);
    int ly = (int) ((384 - y0) * scale), lx = (int) ((192 - x0) * scale), rx = (int) ((576 - x0) * scale);

    *left = *(guint32 *) (pixels + ly * width * 4 + lx * 4) & 0xffffff;
    *right = *(guint32 *) (pixels + ly * width * 4 + rx * 4) & 0xffffff;
  }
}

/* Results meet the drawing: the newest generation appears over the page
 * by itself, ← and → go through it, the divider wipes between picture and
 * drawing, Use as Sketch is one undo step (edges extracted), Discard
 * leaves the drawing as it was; drawing on after Generate keeps arrivals
 * in the gallery; folded away, the gallery button counts them and a toast
 * offers View. */
static void
test_flow_stage (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  SbSketch *sketch = sb_window_get_sketch (fixture->window);
  g_autoptr(GBytes) drawn = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *one_of_two = g_strdup_printf (_("%u of %u"), 1, 2);
  g_autofree char *two_of_two = g_strdup_printf (_("%u of %u"), 2, 2);
  SbStage *stage;
  SbHistoryEntry *entry;
  guint32 left, right;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  gtk_window_present (GTK_WINDOW (window));
  stage = window_stage (fixture);
  g_assert_nonnull (stage);
  /* The sweep says what it is in words, where there is room. */
  g_assert_cmpstr (adw_button_content_get_label (child (fixture, "sweep_content")), ==, _("Sweep"));
  drawn = sb_sketch_export_png (sketch, &error);
  g_assert_no_error (error);

  gtk_widget_activate_action (window, "win.generate", NULL);
  /* The bar comes with its picture, decoded in a worker, not before: the
   * frame that shows the gallery's new row paints nothing over the drawing. */
  wait_until (fixture, stage_active, NULL, "the newest picture staged");
  g_assert_null (sb_canvas_get_staged (child (fixture, "canvas")));
  g_assert_false (gtk_widget_get_visible (child (fixture, "stage_bar")));
  wait_until (fixture, staged_on_canvas, NULL, "the newest picture over the drawing");
  entry = history_entry (fixture, 0);
  {
    g_auto(GStrv) images = sb_history_entry_get_images (entry);
    g_autoptr(GFile) first = g_file_get_child (sb_history_entry_get_directory (entry), images[0]);
    g_autoptr(GFile) second = g_file_get_child (sb_history_entry_get_directory (entry), images[1]);

    g_assert_cmpuint (sb_stage_get_n_pictures (stage), ==, 2);
    /* The row says the weight it was made with. */
    {
      g_autofree char *weighted = g_strdup_printf (_("%s · weight %d"), sb_style_get_label (SB_STYLE_AUTO), 10);

      g_assert_nonnull (find_text (find_row (window, entry), GTK_TYPE_LABEL, weighted));
    }
    g_assert_true (g_file_equal (sb_stage_get_file (stage), first));
    g_assert_true (gtk_widget_get_visible (child (fixture, "stage_bar")));
    g_assert_true (find_text (child (fixture, "stage_bar"), GTK_TYPE_LABEL, one_of_two) != NULL);
    /* The drawing under it is as it was. */
    {
      g_autoptr(GBytes) now = sb_sketch_export_png (sketch, &error);

      g_assert_true (g_bytes_equal (now, drawn));
    }
    sb_gui_test_save_screenshot (window, "flow", "stage");

    /* → to the second (and no further), ← back. */
    g_assert_true (gtk_widget_activate_action (window, "win.stage-next", NULL));
    wait_until (fixture, staged_file_is, second, "the second picture");
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (find_action (child (fixture, "stage_bar"), "win.stage-next"))));
    g_assert_true (find_text (child (fixture, "stage_bar"), GTK_TYPE_LABEL, two_of_two) != NULL);
    g_assert_true (gtk_widget_activate_action (window, "win.stage-previous", NULL));
    wait_until (fixture, staged_file_is, first, "the first picture again");
  }

  /* The wipe: the picture left of the divider, the drawing (white paper
   * there) right of it. */
  sb_stage_set_wipe (stage, 0.5);
  sb_stage_set_opacity (stage, 1.0);
  page_colors (fixture, &left, &right);
  g_test_message ("wipe 0.5: left %06x right %06x", left, right);
  g_assert_cmphex (right, ==, 0xffffff);
  g_assert_cmphex (left, !=, 0xffffff);
  sb_gui_test_save_screenshot (window, "flow", "stage-wipe");
  sb_stage_set_opacity (stage, 0.0);
  page_colors (fixture, &left, &right);
  g_assert_cmphex (left, ==, 0xffffff);
  sb_stage_set_opacity (stage, 1.0);

  /* Use as Sketch: one step, undone by one Undo. */
  g_assert_false (sb_sketch_get_extraction (sketch));
  g_assert_true (gtk_widget_activate_action (window, "win.stage-accept", NULL));
  while (sb_stage_get_active (stage))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sb_sketch_get_extraction (sketch));
  g_assert_false (gtk_widget_get_visible (child (fixture, "stage_bar")));
  sb_sketch_undo (sketch);
  {
    g_autoptr(GBytes) now = sb_sketch_export_png (sketch, &error);

    g_assert_true (g_bytes_equal (now, drawn));
  }
  sb_sketch_set_extraction (sketch, FALSE);

  /* Drawing on after Generate: the pictures wait in the gallery. */
  gtk_widget_activate_action (window, "win.generate", NULL);
  sb_sketch_begin_stroke (sketch, SB_TOOL_PEN, 50, 700, 1.0);
  sb_sketch_extend_stroke (sketch, 700, 700, 1.0);
  sb_sketch_end_stroke (sketch);
  wait_until (fixture, has_images, GUINT_TO_POINTER (4), "the second generation");
  wait_until (fixture, has_active_jobs, GUINT_TO_POINTER (0), "the second generation done");
  g_assert_false (sb_stage_get_active (stage));

  /* Discard (Escape's action) leaves the drawing as it is. */
  {
    g_autoptr(GBytes) before = sb_sketch_export_png (sketch, &error);
    g_auto(GStrv) images = sb_history_entry_get_images (history_entry (fixture, 0));
    g_autoptr(GFile) file = g_file_get_child (sb_history_entry_get_directory (history_entry (fixture, 0)), images[1]);
    g_autofree char *uri = g_file_get_uri (file);

    g_assert_true (gtk_widget_activate_action (window, "win.stage-picture", "s", uri));
    wait_until (fixture, staged_file_is, file, "a gallery picture over the drawing");
    g_assert_cmpuint (sb_stage_get_position (stage), ==, 1);
    g_assert_true (gtk_widget_activate_action (window, "win.stage-discard", NULL));
    g_assert_false (sb_stage_get_active (stage));
    {
      g_autoptr(GBytes) after = sb_sketch_export_png (sketch, &error);

      g_assert_true (g_bytes_equal (before, after));
    }

    /* Use as Sketch from the gallery: a rendering, so its edges are found
     * (the simulator's pictures are mostly one flat colour, which on its
     * own would read as line art). */
    g_assert_false (sb_sketch_get_extraction (sketch));
    g_assert_true (gtk_widget_activate_action (window, "win.send-to-canvas", "s", uri));
    wait_until (fixture, extraction_on, NULL, "the picture as the sketch, its edges to be found");
  }
}

/* Frames go by (what fits itself to its width does so the frame after). */
static void
run_frames (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
}

/* The canvas's primary drag, as the pointer drives it: its handlers map
 * widget points to the page, whatever the zoom. */
static GtkGesture *
canvas_drag (GtkWidget *canvas)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (canvas);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_OBJECT_TYPE (controller) == GTK_TYPE_GESTURE_DRAG &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_PRIMARY)
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
}

typedef struct {
  double x0, y0, x1, y1;   /* in the picture's pixels */
} Segment;

/* A drag from widget point (x0, y0) to (x1, y1) in steps; the segment it
 * should paint, in the picture's pixels (@k of them a sketch unit). */
static Segment
drag_on_canvas (GtkWidget *canvas,
                double     x0,
                double     y0,
                double     x1,
                double     y1,
                double     k)
{
  GtkGesture *drag = canvas_drag (canvas);
  Segment segment;
  double sx, sy;

  sb_canvas_widget_to_sketch (SB_CANVAS (canvas), x0, y0, &sx, &sy);
  segment.x0 = sx * k, segment.y0 = sy * k;
  sb_canvas_widget_to_sketch (SB_CANVAS (canvas), x1, y1, &sx, &sy);
  segment.x1 = sx * k, segment.y1 = sy * k;
  g_signal_emit_by_name (drag, "drag-begin", x0, y0);
  for (int i = 1; i <= 10; i++)
    g_signal_emit_by_name (drag, "drag-update", (x1 - x0) * i / 10.0, (y1 - y0) * i / 10.0);
  g_signal_emit_by_name (drag, "drag-end", x1 - x0, y1 - y0);
  return segment;
}

static double
distance_to (const Segment *s,
             double         x,
             double         y)
{
  double dx = s->x1 - s->x0, dy = s->y1 - s->y0;
  double length = dx * dx + dy * dy;
  double t = length > 0 ? CLAMP (((x - s->x0) * dx + (y - s->y0) * dy) / length, 0, 1) : 0;

  return hypot (x - (s->x0 + t * dx), y - (s->y0 + t * dy));
}

static gboolean
n_creates_is (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) creates = logged_creates (fixture);

  return creates->len == GPOINTER_TO_UINT (data);
}

static gboolean
staged_is_edit (Fixture       *fixture,
                gconstpointer  data)
{
  SbStage *stage = window_stage (fixture);
  SbHistoryEntry *entry;

  if (sb_stage_get_file (stage) == NULL || sb_canvas_get_staged (child (fixture, "canvas")) == NULL)
    return FALSE;
  entry = sb_history_find_image (sb_generator_get_history (fixture->generator), sb_stage_get_file (stage));
  return entry != NULL && sb_history_entry_get_parent_entry (entry) != NULL;
}

static gboolean
staged_width_is (Fixture       *fixture,
                 gconstpointer  data)
{
  GdkTexture *staged = sb_canvas_get_staged (child (fixture, "canvas"));

  return staged != NULL && gdk_texture_get_width (staged) == GPOINTER_TO_INT (data);
}

/* The spin buttons of the edit bar, in its order: top, bottom, left, right. */
static void
collect_spins (GtkWidget *root,
               GPtrArray *spins)
{
  if (GTK_IS_SPIN_BUTTON (root))
    g_ptr_array_add (spins, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_spins (child, spins);
}

static gboolean
canvas_unmapped (Fixture       *fixture,
                 gconstpointer  data)
{
  return !gtk_widget_get_mapped (child (fixture, "canvas"));
}

static JsonObject *
create_request (GPtrArray *creates,
                guint      index)
{
  return sb_json_get_object (json_node_get_object (g_ptr_array_index (creates, index)), "request");
}

/* A bar over the drawing is within the drawing's width, whatever the
 * window's. */
static void
assert_within_drawing (Fixture    *fixture,
                       const char *name)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  graphene_rect_t bar, area;

  g_assert_true (gtk_widget_compute_bounds (child (fixture, name), window, &bar));
  g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_parent (child (fixture, "canvas")), window, &area));
  g_test_message ("%s %.0f..%.0f, drawing %.0f..%.0f", name, bar.origin.x, bar.origin.x + bar.size.width,
                  area.origin.x, area.origin.x + area.size.width);
  g_assert_cmpfloat (bar.origin.x, >=, area.origin.x);
  g_assert_cmpfloat (bar.origin.x + bar.size.width, <=, area.origin.x + area.size.width);
}

/* The other edits of a picture over the drawing, from its bar's menu:
 * extending draws the new frame before it is paid for, sends the four
 * scales and brings back a picture of that frame; changing in words sends
 * its strength; colouring is offered for a picture with no colour only. */
static void
test_flow_edits (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *canvas;
  GtkWidget *bar;
  SbStage *stage;
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  g_autoptr(GPtrArray) creates = NULL;
  g_autoptr(GFile) original = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  gtk_window_present (GTK_WINDOW (window));
  stage = window_stage (fixture);
  canvas = child (fixture, "canvas");
  bar = child (fixture, "edit_bar");

  /* A pencil-grey style: colouring is offered; a watercolour one: not. */
  g_settings_set_string (fixture->settings, "style", "sketch");
  gtk_widget_activate_action (window, "win.generate", NULL);
  wait_until (fixture, staged_on_canvas, NULL, "a grey picture over the drawing");
  run_frames (200);
  gtk_widget_activate_action (window, "win.colorize", NULL);
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_nonnull (find_text (bar, GTK_TYPE_BUTTON, _("_Colour")));
  sb_gui_test_save_screenshot (window, "flow", "edit-colorize");
  gtk_widget_activate_action (window, "win.edit-cancel", NULL);
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_true (gtk_widget_get_visible (child (fixture, "stage_bar")));

  g_settings_set_string (fixture->settings, "style", "watercolor");
  gtk_widget_activate_action (window, "win.generate", NULL);
  wait_until (fixture, n_creates_is, GUINT_TO_POINTER (2), "the second create");
  {
    g_autoptr(GPtrArray) so_far = logged_creates (fixture);
    SbHistoryEntry *newest = history_entry (fixture, 0);

    /* The watercolour generation's picture is the one over the drawing. */
    while (sb_stage_get_file (stage) == NULL || sb_canvas_get_staged (SB_CANVAS (canvas)) == NULL ||
           sb_history_find_image (sb_generator_get_history (fixture->generator), sb_stage_get_file (stage)) != newest)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (so_far->len, ==, 2);
  }
  run_frames (200);
  gtk_widget_activate_action (window, "win.colorize", NULL);
  g_assert_false (gtk_widget_get_visible (bar));

  /* Extend: the frame drawn, then sent. */
  original = g_object_ref (sb_stage_get_file (stage));
  gtk_widget_activate_action (window, "win.edit", "s", "extend");
  run_frames (100);
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_false (gtk_widget_get_visible (child (fixture, "stage_bar")));
  collect_spins (bar, spins);
  g_assert_cmpuint (spins->len, ==, 4);
  gtk_spin_button_set_value (g_ptr_array_index (spins, 2), 1.5);    /* left */
  gtk_spin_button_set_value (g_ptr_array_index (spins, 0), 1.25);   /* top */
  gtk_editable_set_text (GTK_EDITABLE (find_type (bar, GTK_TYPE_ENTRY)), "more of the harbour");
  run_frames (100);
  sb_gui_test_save_screenshot (window, "flow", "edit-extend-frame");
  gtk_widget_activate_action (window, "win.edit-generate", NULL);
  g_assert_false (gtk_widget_get_visible (bar));
  wait_until (fixture, n_creates_is, GUINT_TO_POINTER (3), "the extension's create");
  creates = logged_creates (fixture);
  {
    JsonObject *request = create_request (creates, 2);
    JsonObject *parameters = sb_json_get_object (request, "parameters");

    g_assert_cmpstr (sb_json_get_string (sb_json_get_object (request, "input"), "function"), ==, "expand");
    g_assert_cmpfloat (json_object_get_double_member (parameters, "top_scale"), ==, 1.25);
    g_assert_cmpfloat (json_object_get_double_member (parameters, "bottom_scale"), ==, 1.0);
    g_assert_cmpfloat (json_object_get_double_member (parameters, "left_scale"), ==, 1.5);
    g_assert_cmpfloat (json_object_get_double_member (parameters, "right_scale"), ==, 1.0);
  }
  wait_until (fixture, staged_is_edit, NULL, "the extended picture over the drawing");
  /* The one before stays until the new one is decoded. */
  wait_until (fixture, staged_width_is, GINT_TO_POINTER (1152), "the extended picture decoded");
  g_assert_cmpint (gdk_texture_get_height (sb_canvas_get_staged (SB_CANVAS (canvas))), ==, 960);
  sb_gui_test_save_screenshot (window, "flow", "edit-extended");

  /* Reuse of the extension: set up again over the picture it extended,
   * with its words and its four sides. */
  {
    g_autofree char *uri = g_file_get_uri (sb_stage_get_file (stage));
    g_autoptr(GPtrArray) again = g_ptr_array_new ();

    g_assert_true (gtk_widget_activate_action (window, "win.reuse", "s", uri));
    wait_until (fixture, child_visible, "edit_bar", "the extension set up again");
    g_assert_true (g_file_equal (sb_stage_get_file (stage), original));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_type (bar, GTK_TYPE_ENTRY))), ==, "more of the harbour");
    collect_spins (bar, again);
    g_assert_cmpfloat (gtk_spin_button_get_value (g_ptr_array_index (again, 0)), ==, 1.25);
    g_assert_cmpfloat (gtk_spin_button_get_value (g_ptr_array_index (again, 1)), ==, 1.0);
    g_assert_cmpfloat (gtk_spin_button_get_value (g_ptr_array_index (again, 2)), ==, 1.5);
    g_assert_cmpfloat (gtk_spin_button_get_value (g_ptr_array_index (again, 3)), ==, 1.0);
    gtk_widget_activate_action (window, "win.edit-cancel", NULL);
    g_assert_false (gtk_widget_get_visible (bar));
  }

  /* Change in words, a lot. */
  gtk_widget_activate_action (window, "win.edit", "s", "change");
  run_frames (100);
  g_assert_true (gtk_widget_get_visible (bar));
  gtk_range_set_value (GTK_RANGE (find_type (bar, GTK_TYPE_SCALE)), 0.8);
  gtk_editable_set_text (GTK_EDITABLE (find_type (bar, GTK_TYPE_ENTRY)), "make the sky stormy");
  sb_gui_test_save_screenshot (window, "flow", "edit-change");
  gtk_widget_activate_action (window, "win.edit-generate", NULL);
  wait_until (fixture, n_creates_is, GUINT_TO_POINTER (4), "the change's create");
  g_clear_pointer (&creates, g_ptr_array_unref);
  creates = logged_creates (fixture);
  {
    JsonObject *request = create_request (creates, 3);

    g_assert_cmpstr (sb_json_get_string (sb_json_get_object (request, "input"), "function"), ==, "description_edit");
    g_assert_cmpstr (sb_json_get_string (sb_json_get_object (request, "input"), "prompt"), ==, "make the sky stormy");
    g_assert_cmpfloat (json_object_get_double_member (sb_json_get_object (request, "parameters"), "strength"), ==, 0.8);
    g_assert_false (json_object_has_member (sb_json_get_object (request, "parameters"), "top_scale"));
  }

  /* Not sure how much: the same change at every strength, a little to a
   * lot, one picture each, captioned with its strength under the picture. */
  wait_until (fixture, staged_on_canvas, NULL, "a picture over the drawing");
  g_assert_true (gtk_widget_activate_action (window, "win.edit", "s", "change"));
  g_assert_true (gtk_widget_get_visible (bar));
  gtk_editable_set_text (GTK_EDITABLE (find_type (bar, GTK_TYPE_ENTRY)), "make it snow");
  gtk_widget_activate_action (window, "win.edit-sweep", NULL);
  wait_until (fixture, n_creates_is, GUINT_TO_POINTER (9), "the sweep's five creates");
  g_clear_pointer (&creates, g_ptr_array_unref);
  creates = logged_creates (fixture);
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *request = create_request (creates, 4 + i);
      double strength = json_object_get_double_member (sb_json_get_object (request, "parameters"), "strength");

      g_assert_cmpstr (sb_json_get_string (sb_json_get_object (request, "input"), "function"), ==, "description_edit");
      g_assert_cmpstr (sb_json_get_string (sb_json_get_object (request, "input"), "prompt"), ==, "make it snow");
      g_assert_cmpfloat_with_epsilon (strength, 0.2 * (i + 1), 1e-9);
    }
  {
    g_autofree char *changed = g_strdup_printf (_("Changed: %s"), "make it snow");
    g_autofree char *last = g_strdup_printf (" · %s", changed);
    g_autofree char *strongest = g_strdup_printf (_("Strength %.1f"), 1.0);
    gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (find_text (window, GTK_TYPE_LABEL, strongest) == NULL && g_get_monotonic_time () < until)
      g_main_context_iteration (NULL, TRUE);
    g_assert_nonnull (find_text (window, GTK_TYPE_LABEL, strongest));
    g_assert_nonnull (find_text (window, GTK_TYPE_LABEL, last));
  }
  for (guint i = 0; i < 5; i++)
    {
      struct { SbHistoryEntry *entry; SbHistoryEntryState state; } want = { history_entry (fixture, i), SB_HISTORY_ENTRY_DONE };

      g_assert_true (sb_history_entry_get_sweep_kind (want.entry) == SB_SWEEP_STRENGTHS);
      g_assert_nonnull (sb_history_entry_get_parent_entry (want.entry));
      wait_until (fixture, entry_is, &want, "the sweep's pictures");
    }
  /* All five over the drawing, to compare there. */
  run_frames (300);
  g_assert_cmpuint (sb_stage_get_n_pictures (stage), ==, 5);
  sb_gui_test_save_screenshot (window, "flow", "edit-change-sweep");

  /* A phone-sized window: the four sides and the words within the drawing. */
  resize_window (window, 360, 640);
  wait_until (fixture, staged_on_canvas, NULL, "a picture over the drawing");
  run_frames (300);
  g_assert_true (gtk_widget_activate_action (window, "win.edit", "s", "extend"));
  run_frames (300);
  g_assert_true (gtk_widget_get_visible (bar));
  assert_within_drawing (fixture, "edit_bar");
  sb_gui_test_save_screenshot (window, "flow", "edit-extend-narrow");

}

/* A picture decoded from a create's data: URL. */
static GdkPixbuf *
sent_picture (JsonObject *input,
              const char *member)
{
  const char *uri = sb_json_get_string (input, member);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf;
  guchar *decoded;
  gsize length;

  g_assert_true (g_str_has_prefix (uri, "data:image/png;base64,"));
  decoded = g_base64_decode (uri + strlen ("data:image/png;base64,"), &length);
  bytes = g_bytes_new_take (decoded, length);
  stream = g_memory_input_stream_new_from_bytes (bytes);
  pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  g_assert_no_error (error);
  return pixbuf;
}

/* The gallery rows on show for @entry's generation. */
static guint
count_rows (GtkWidget      *root,
            SbHistoryEntry *entry)
{
  guint n = SB_IS_GALLERY_ROW (root) && gtk_widget_get_mapped (root) &&
            sb_gallery_row_get_entry (SB_GALLERY_ROW (root)) == entry;

  for (GtkWidget *widget = gtk_widget_get_first_child (root); widget != NULL; widget = gtk_widget_get_next_sibling (widget))
    n += count_rows (widget, entry);
  return n;
}

static gboolean
history_loaded (SbGenerator *generator,
                guint        n_entries)
{
  return g_list_model_get_n_items (G_LIST_MODEL (sb_generator_get_history (generator))) >= n_entries;
}

/* Edits start from the sketch itself (its menu) and from any gallery
 * picture (the picture's menu), not only from what is over the drawing:
 * the sketch is sent as drawn, at its size, and its edits stand alone; a
 * gallery picture's edit knows it as its parent. After a restart the
 * gallery still shows the edit under its parent; deleting the parent
 * keeps the edit, its picture and its row. */
static void
test_flow_edit_sources (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *canvas;
  SbStage *stage;
  SbHistory *history = sb_generator_get_history (fixture->generator);
  g_autoptr(GPtrArray) creates = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *parent_uri = NULL;
  g_autofree char *edit_folder = NULL;
  g_autofree char *caption = NULL;
  g_autoptr(GFile) edit_picture = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  gtk_window_present (GTK_WINDOW (window));
  stage = window_stage (fixture);
  canvas = child (fixture, "canvas");
  run_frames (200);

  /* The sketch, repainted where painted. */
  g_assert_true (gtk_widget_activate_action (window, "win.edit-sketch", "s", "repaint"));
  g_assert_true (gtk_widget_get_visible (child (fixture, "repaint_bar")));
  g_assert_nonnull (sb_canvas_get_mask (SB_CANVAS (canvas)));
  g_assert_cmpint (sb_mask_layer_get_width (sb_canvas_get_mask (SB_CANVAS (canvas))), ==, SB_SKETCH_SIZE);
  sb_mask_layer_paint (sb_canvas_get_mask (SB_CANVAS (canvas)), 200, 200, 500, 300, 40, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (find_type (child (fixture, "repaint_bar"), GTK_TYPE_ENTRY)), "a red boat");
  run_frames (100);
  sb_gui_test_save_screenshot (window, "flow", "edit-sketch-repaint");
  gtk_widget_activate_action (window, "win.repaint-generate", NULL);
  g_assert_false (gtk_widget_get_visible (child (fixture, "repaint_bar")));
  wait_until (fixture, n_creates_is, GUINT_TO_POINTER (1), "the sketch's repaint");
  creates = logged_creates (fixture);
  {
    JsonObject *input = sb_json_get_object (create_request (creates, 0), "input");
    g_autoptr(GdkPixbuf) base = sent_picture (input, "base_image_url");
    g_autoptr(GdkPixbuf) mask = sent_picture (input, "mask_image_url");

    g_assert_cmpstr (sb_json_get_string (input, "function"), ==, "description_edit_with_mask");
    g_assert_cmpint (gdk_pixbuf_get_width (base), ==, SB_SKETCH_SIZE);
    g_assert_cmpint (gdk_pixbuf_get_width (mask), ==, SB_SKETCH_SIZE);
  }
  wait_until (fixture, staged_on_canvas, NULL, "the repainted sketch over the drawing");
  g_assert_null (sb_history_entry_get_parent_entry (history_entry (fixture, 0)));
  /* Not the sketch's edit while a picture is over it. */
  gtk_widget_activate_action (window, "win.edit-sketch", "s", "change");
  g_assert_false (gtk_widget_get_visible (child (fixture, "edit_bar")));

  /* Colouring the sketch, once the picture is put away. */
  gtk_widget_activate_action (window, "win.stage-discard", NULL);
  run_frames (100);
  g_assert_true (gtk_widget_activate_action (window, "win.edit-sketch", "s", "colorize"));
  g_assert_true (gtk_widget_get_visible (child (fixture, "edit_bar")));
  gtk_editable_set_text (GTK_EDITABLE (find_type (child (fixture, "edit_bar"), GTK_TYPE_ENTRY)), "blue sea, red boat");
  sb_gui_test_save_screenshot (window, "flow", "edit-sketch-colorize");
  gtk_widget_activate_action (window, "win.edit-generate", NULL);
  wait_until (fixture, n_creates_is, GUINT_TO_POINTER (2), "the sketch's colouring");
  g_clear_pointer (&creates, g_ptr_array_unref);
  creates = logged_creates (fixture);
  g_assert_cmpstr (sb_json_get_string (sb_json_get_object (create_request (creates, 1), "input"), "function"), ==,
                   "colorization");
  wait_until (fixture, has_entries, GUINT_TO_POINTER (2), "the colouring's entry");
  {
    struct { SbHistoryEntry *entry; SbHistoryEntryState state; } want = { history_entry (fixture, 0), SB_HISTORY_ENTRY_DONE };

    wait_until (fixture, entry_is, &want, "the coloured sketch");
  }

  /* A gallery picture (the first repaint's), extended from its menu. */
  {
    g_auto(GStrv) images = sb_history_entry_get_images (history_entry (fixture, 1));

    parent = g_file_get_child (sb_history_entry_get_directory (history_entry (fixture, 1)), images[0]);
    parent_uri = g_file_get_uri (parent);
  }
  g_assert_true (gtk_widget_activate_action (window, "win.edit-picture", "(ss)", parent_uri, "extend"));
  wait_until (fixture, child_visible, "edit_bar", "the edit bar over the gallery picture");
  g_assert_true (g_file_equal (sb_stage_get_file (stage), parent));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_type (child (fixture, "edit_bar"), GTK_TYPE_SPIN_BUTTON)), 1.5);
  gtk_editable_set_text (GTK_EDITABLE (find_type (child (fixture, "edit_bar"), GTK_TYPE_ENTRY)), "more sky");
  gtk_widget_activate_action (window, "win.edit-generate", NULL);
  wait_until (fixture, n_creates_is, GUINT_TO_POINTER (3), "the gallery picture's extension");
  g_clear_pointer (&creates, g_ptr_array_unref);
  creates = logged_creates (fixture);
  g_assert_cmpstr (sb_json_get_string (sb_json_get_object (create_request (creates, 2), "input"), "function"), ==,
                   "expand");
  wait_until (fixture, staged_is_edit, NULL, "the extension over the drawing");
  edit_picture = g_object_ref (sb_stage_get_file (stage));
  {
    SbHistoryEntry *edit = sb_history_find_image (history, edit_picture);

    g_assert_true (sb_history_get_parent (history, edit) == sb_history_find_image (history, parent));
    edit_folder = g_file_get_basename (sb_history_entry_get_directory (edit));
    caption = sb_params_describe_edit (sb_history_entry_get_params (edit));
  }

  /* Started again: the edit still under its parent. */
  {
    g_autoptr(GFile) data_directory = g_file_get_child (fixture->home, "data");
    g_autoptr(SbGenerator) generator = sb_gui_test_generator_new (fixture->settings, data_directory);
    SbWindow *again = sb_window_new (GTK_APPLICATION (application), generator);
    SbHistory *kept = sb_generator_get_history (generator);
    gint64 until = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    SbHistoryEntry *edit = NULL, *kept_parent = NULL;
    GtkWidget *row = NULL;

    gtk_window_set_default_size (GTK_WINDOW (again), 1200, 900);
    gtk_window_present (GTK_WINDOW (again));
    while (g_get_monotonic_time () < until &&
           (!history_loaded (generator, 3) || (row = find_row (GTK_WIDGET (again), kept_parent = sb_history_find_image (kept, parent))) == NULL ||
            find_text (row, GTK_TYPE_LABEL, caption) == NULL))
      g_main_context_iteration (NULL, FALSE) || (g_usleep (2000), TRUE);
    g_assert_nonnull (row);
    g_assert_nonnull (find_text (row, GTK_TYPE_LABEL, caption));
    edit = sb_history_find_image (kept, edit_picture);
    g_assert_nonnull (edit);
    g_assert_true (sb_history_get_parent (kept, edit) == kept_parent);
    /* …and only there: no row of its own, its parent's row once. */
    run_frames (200);
    g_assert_null (find_row (GTK_WIDGET (again), edit));
    g_assert_cmpuint (count_rows (GTK_WIDGET (again), kept_parent), ==, 1);
    sb_gui_test_save_screenshot (GTK_WIDGET (again), "flow", "edit-lineage-restarted");

    /* The parent deleted: the edit stays, with its picture, in the gallery. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (again), "win.delete-image", "s", parent_uri));
    run_frames (300);
    g_assert_null (sb_history_find_image (kept, parent));
    g_assert_true (sb_history_find_image (kept, edit_picture) == edit);
    g_assert_true (g_file_query_exists (edit_picture, NULL));
    g_assert_nonnull (find_text (GTK_WIDGET (again), GTK_TYPE_LABEL, caption));
    sb_gui_test_save_screenshot (GTK_WIDGET (again), "flow", "edit-parent-deleted");
    gtk_window_destroy (GTK_WINDOW (again));
  }
  g_assert_nonnull (edit_folder);
}

static GdkPixbuf *
pixbuf_from_bytes (GBytes *png)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (png);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);

  g_assert_no_error (error);
  return pixbuf;
}

static gboolean
mask_painted (Fixture       *fixture,
              gconstpointer  data)
{
  SbMaskLayer *mask = sb_canvas_get_mask (SB_CANVAS (child (fixture, "canvas")));

  return mask != NULL && !sb_mask_layer_is_empty (mask);
}

/* Repainting a region of a result: painted with the pointer at fit and at
 * 200 %, its words typed, Repaint. The create is description_edit_with_mask
 * with the picture inline and a mask white exactly where the brush went
 * (pixel by pixel, to the brush's edge), and the result comes back over
 * the drawing, an edit of the picture it was painted on. */
static void
test_flow_repaint (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *canvas;
  SbStage *stage;
  g_autoptr(GFile) painted = NULL;
  g_autoptr(GPtrArray) creates = NULL;
  Segment strokes[2];
  double k, radius;
  int w, h;

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  gtk_window_present (GTK_WINDOW (window));
  stage = window_stage (fixture);
  canvas = child (fixture, "canvas");
  gtk_widget_activate_action (window, "win.generate", NULL);
  wait_until (fixture, staged_on_canvas, NULL, "the newest picture over the drawing");
  painted = g_object_ref (sb_stage_get_file (stage));

  g_assert_true (gtk_widget_activate_action (window, "win.repaint", NULL));
  run_frames (100);
  g_assert_true (gtk_widget_get_visible (child (fixture, "repaint_bar")));
  g_assert_false (gtk_widget_get_visible (child (fixture, "stage_bar")));
  /* The keyboard in its words, to type what the region becomes. */
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_get_parent (focus) == find_type (child (fixture, "repaint_bar"), GTK_TYPE_ENTRY));
  }
  /* The picture is 768 px: one of its pixels a sketch unit; the brush 48 wide. */
  w = gdk_texture_get_width (sb_canvas_get_staged (SB_CANVAS (canvas)));
  k = w / 768.0;
  radius = 24 * k;

  /* At fit, then at 200 % (the same drag covers half as much picture). */
  {
    int cw = gtk_widget_get_width (canvas), ch = gtk_widget_get_height (canvas);

    strokes[0] = drag_on_canvas (canvas, cw * 0.35, ch * 0.3, cw * 0.6, ch * 0.45, k);
    sb_canvas_zoom_in (SB_CANVAS (canvas));
    sb_canvas_zoom_in (SB_CANVAS (canvas));
    g_assert_cmpfloat (sb_canvas_get_zoom (SB_CANVAS (canvas)), >, 1.5);
    run_frames (50);
    strokes[1] = drag_on_canvas (canvas, cw * 0.4, ch * 0.7, cw * 0.55, ch * 0.55, k);
  }
  sb_gui_test_save_screenshot (window, "flow", "repaint-painting");
  g_assert_true (stage_active (fixture, NULL));

  {
    GtkWidget *entry = find_type (child (fixture, "repaint_bar"), GTK_TYPE_ENTRY);

    gtk_editable_set_text (GTK_EDITABLE (entry), "a lighthouse with a red door");
  }
  gtk_widget_activate_action (window, "win.repaint-generate", NULL);
  g_assert_false (gtk_widget_get_visible (child (fixture, "repaint_bar")));
  wait_until (fixture, n_creates_is, GUINT_TO_POINTER (2), "the repaint's create");

  creates = logged_creates (fixture);
  {
    JsonObject *request = sb_json_get_object (json_node_get_object (g_ptr_array_index (creates, 1)), "request");
    JsonObject *input = sb_json_get_object (request, "input");
    const char *mask_uri = sb_json_get_string (input, "mask_image_url");
    g_autoptr(GBytes) sent = NULL, picture = NULL, base = NULL;
    g_autoptr(GInputStream) stream = NULL;
    g_autoptr(GdkPixbuf) mask = NULL;
    g_autoptr(GError) error = NULL;
    guchar *decoded;
    gsize length;
    guint white = 0;

    g_assert_cmpstr (sb_json_get_string (input, "function"), ==, "description_edit_with_mask");
    g_assert_cmpstr (sb_json_get_string (input, "prompt"), ==, "a lighthouse with a red door");
    /* The picture as it is on disk. */
    decoded = g_base64_decode (sb_json_get_string (input, "base_image_url") + strlen ("data:image/png;base64,"), &length);
    base = g_bytes_new_take (decoded, length);
    picture = g_file_load_bytes (painted, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (base, picture));

    g_assert_true (g_str_has_prefix (mask_uri, "data:image/png;base64,"));
    decoded = g_base64_decode (mask_uri + strlen ("data:image/png;base64,"), &length);
    sent = g_bytes_new_take (decoded, length);
    stream = g_memory_input_stream_new_from_bytes (sent);
    mask = gdk_pixbuf_new_from_stream (stream, NULL, &error);
    g_assert_no_error (error);
    h = gdk_texture_get_height (sb_canvas_get_staged (SB_CANVAS (canvas)));
    g_assert_cmpint (gdk_pixbuf_get_width (mask), ==, w);
    g_assert_cmpint (gdk_pixbuf_get_height (mask), ==, h);
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        {
          const guchar *p = gdk_pixbuf_read_pixels (mask) + y * gdk_pixbuf_get_rowstride (mask) +
                            x * gdk_pixbuf_get_n_channels (mask);
          double d = MIN (distance_to (&strokes[0], x + 0.5, y + 0.5), distance_to (&strokes[1], x + 0.5, y + 0.5));

          g_assert_true ((p[0] == 0 && p[1] == 0 && p[2] == 0) || (p[0] == 255 && p[1] == 255 && p[2] == 255));
          if (d <= radius - 1 && p[0] != 255)
            g_error ("pixel %d,%d is %.1f px inside the brush's path but not repainted", x, y, radius - d);
          if (d >= radius + 1 && p[0] != 0)
            g_error ("pixel %d,%d is %.1f px outside the brush's path but repainted", x, y, d - radius);
          white += p[0] == 255;
        }
    g_test_message ("%u pixels to repaint", white);
    g_assert_cmpuint (white, >, 1000);
  }

  /* The result over the drawing, an edit of the picture painted on. */
  wait_until (fixture, staged_is_edit, NULL, "the repainted picture over the drawing");
  {
    SbHistoryEntry *edit = sb_history_find_image (sb_generator_get_history (fixture->generator),
                                                  sb_stage_get_file (stage));
    g_autoptr(GFile) folder = g_file_get_parent (painted);
    g_autofree char *parent = g_file_get_basename (folder);

    g_autofree char *caption = g_strdup_printf (_("Repainted: %s"), "a lighthouse with a red door");

    g_assert_cmpstr (sb_history_entry_get_parent_entry (edit), ==, parent);
    /* Under the picture it came from, captioned with what was done. */
    run_frames (100);
    g_assert_nonnull (find_text (GTK_WIDGET (find_row (window, sb_history_find_image (sb_generator_get_history (fixture->generator), painted))),
                                 GTK_TYPE_LABEL, caption));
  }
  sb_gui_test_save_screenshot (window, "flow", "repaint-result");

  /* Reuse: set up again over the picture painted on, its words and its
   * region as they were sent. */
  {
    SbHistoryEntry *edit = sb_history_find_image (sb_generator_get_history (fixture->generator),
                                                  sb_stage_get_file (stage));
    g_autofree char *uri = g_file_get_uri (sb_stage_get_file (stage));
    g_autoptr(GFile) region = g_file_get_child (sb_history_entry_get_directory (edit), "mask.png");
    g_autoptr(GBytes) sent = g_file_load_bytes (region, NULL, NULL, NULL);
    g_autoptr(GBytes) again = NULL;
    g_autoptr(GdkPixbuf) sent_mask = NULL, again_mask = NULL;

    g_assert_nonnull (sent);
    g_assert_true (gtk_widget_activate_action (window, "win.reuse", "s", uri));
    wait_until (fixture, child_visible, "repaint_bar", "the repaint set up again");
    g_assert_true (g_file_equal (sb_stage_get_file (stage), painted));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_type (child (fixture, "repaint_bar"), GTK_TYPE_ENTRY))), ==,
                     "a lighthouse with a red door");
    wait_until (fixture, mask_painted, NULL, "the region painted again");
    again = sb_mask_layer_export (sb_canvas_get_mask (SB_CANVAS (canvas)), NULL);
    sent_mask = pixbuf_from_bytes (sent);
    again_mask = pixbuf_from_bytes (again);
    g_assert_cmpint (gdk_pixbuf_get_width (again_mask), ==, gdk_pixbuf_get_width (sent_mask));
    for (int y = 0; y < gdk_pixbuf_get_height (sent_mask); y++)
      g_assert_cmpmem (gdk_pixbuf_read_pixels (sent_mask) + y * gdk_pixbuf_get_rowstride (sent_mask),
                       gdk_pixbuf_get_width (sent_mask) * gdk_pixbuf_get_n_channels (sent_mask),
                       gdk_pixbuf_read_pixels (again_mask) + y * gdk_pixbuf_get_rowstride (again_mask),
                       gdk_pixbuf_get_width (again_mask) * gdk_pixbuf_get_n_channels (again_mask));
    run_frames (100);
    sb_gui_test_save_screenshot (window, "flow", "repaint-reused");
    gtk_widget_activate_action (window, "win.repaint-cancel", NULL);
    g_assert_false (gtk_widget_get_visible (child (fixture, "repaint_bar")));
  }

  /* A phone-sized window: the brush's bar stays within the drawing. */
  resize_window (window, 360, 640);
  run_frames (300);
  g_assert_true (gtk_widget_activate_action (window, "win.repaint", NULL));
  run_frames (300);
  assert_within_drawing (fixture, "repaint_bar");
  sb_gui_test_save_screenshot (window, "flow", "repaint-narrow");
  gtk_widget_activate_action (window, "win.repaint-cancel", NULL);
  g_assert_false (gtk_widget_get_visible (child (fixture, "repaint_bar")));
}


/* Folded away, the gallery still says what came: a count on its button
 * and a toast whose View puts the pictures over the drawing. */
static void
test_flow_stage_narrow (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  SbStage *stage;
  gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  while (!sb_window_get_narrow (fixture->window) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sb_window_get_narrow (fixture->window));
  stage = window_stage (fixture);
  g_assert_cmpstr (adw_button_content_get_label (child (fixture, "sweep_content")), ==, "");
  /* The test service's banner keeps to one line (it took 140 px here). */
  g_test_message ("banner %d px high", gtk_widget_get_height (child (fixture, "service_banner")));
  g_assert_cmpint (gtk_widget_get_height (child (fixture, "service_banner")), <, 56);

  /* Drawn on meanwhile: nothing covers the drawing; the button and the
   * toast say the pictures came. */
  gtk_widget_activate_action (window, "win.generate", NULL);
  wait_until (fixture, child_visible, "gallery_spinner", "the spinner on the gallery button");
  sb_sketch_begin_stroke (sb_window_get_sketch (fixture->window), SB_TOOL_PEN, 50, 700, 1.0);
  sb_sketch_end_stroke (sb_window_get_sketch (fixture->window));
  {
    g_autofree char *ready = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u picture ready", "%u pictures ready", 2), 2);
    GtkWidget *view = toast_button (fixture, ready, _("_View"));

    g_assert_false (sb_stage_get_active (stage));
    g_assert_true (gtk_widget_get_visible (child (fixture, "gallery_badge")));
    g_assert_cmpstr (gtk_label_get_label (child (fixture, "gallery_badge")), ==, "2");
    g_assert_false (gtk_widget_get_visible (child (fixture, "gallery_spinner")));
    sb_gui_test_save_screenshot (window, "flow", "stage-narrow-toast");
    g_signal_emit_by_name (view, "clicked");
  }
  wait_until (fixture, staged_on_canvas, NULL, "the pictures over the drawing");
  g_assert_false (gtk_widget_get_visible (child (fixture, "gallery_badge")));
  /* The bar comes with the picture, laid out the frame after. */
  wait_until (fixture, child_visible, "stage_bar", "the stage bar");
  run_frames (100);
  /* Every button of the bar on screen, within the canvas (at 360 px the
   * full bar was wider than the window on GNOME 48). */
  {
    graphene_rect_t bar, canvas;

    g_assert_true (gtk_widget_compute_bounds (child (fixture, "stage_bar"), window, &bar));
    g_assert_true (gtk_widget_compute_bounds (child (fixture, "canvas"), window, &canvas));
    g_test_message ("stage bar %.0f..%.0f, canvas %.0f..%.0f", bar.origin.x, bar.origin.x + bar.size.width,
                    canvas.origin.x, canvas.origin.x + canvas.size.width);
    g_assert_cmpfloat (bar.origin.x, >=, canvas.origin.x);
    g_assert_cmpfloat (bar.origin.x + bar.size.width, <=, canvas.origin.x + canvas.size.width);
  }
  sb_gui_test_save_screenshot (window, "flow", "stage-narrow");
}

/* Enter on the generation's first picture, as a keyboard user opens it. */
static void
open_first_picture (GtkWidget      *window,
                    SbHistoryEntry *entry)
{
  GtkWidget *tile = gtk_widget_get_first_child (find_type (find_row (window, entry), SB_TYPE_TILE_GRID));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (tile);
  gboolean handled = FALSE;

  g_assert_true (gtk_widget_grab_focus (tile));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", GDK_KEY_Return, 0, 0, &handled);
    }
  g_assert_true (handled);
}

/* The viewer, in the window at this size: every control on screen, the
 * picture given the room (a window of its own was ~950×670 and showed a
 * 768 px picture at ~490 px on a 1440p screen); Back returns to the
 * drawing. */
static void
open_and_measure_viewer (Fixture        *fixture,
                         SbHistoryEntry *entry,
                         int             width,
                         int             height)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autofree char *name = g_strdup_printf ("viewer-%dx%d", width, height);
  SbImageViewer *viewer;
  GtkWidget *picture;
  graphene_rect_t bounds;

  if (sb_window_get_narrow (fixture->window))
    {
      gtk_widget_activate_action (window, "win.toggle-gallery", NULL);
      run_frames (300);
      /* Above phone width the drawing stays partly in sight beside it. */
      if (width > 600)
        {
          g_assert_true (gtk_widget_compute_bounds (child (fixture, "gallery_pane"), window, &bounds));
          g_test_message ("%dx%d: the gallery over the drawing from x = %.0f", width, height, bounds.origin.x);
          g_assert_cmpfloat (bounds.origin.x, >=, 160);
        }
    }
  open_first_picture (window, entry);
  viewer = sb_window_get_viewer (fixture->window);
  g_assert_nonnull (viewer);
  wait_until (fixture, viewer_picture_loaded, NULL, "the picture in the viewer");
  /* The drawing slides away (a 2560 px slide takes longer on a busy machine). */
  wait_until (fixture, canvas_unmapped, NULL, "the drawing out of sight");
  run_frames (200);
  sb_gui_test_save_screenshot (window, "layout", name);

  /* Within the window's own size: nothing pushed past its edge. */
  g_assert_cmpint (gtk_widget_get_width (window), <=, width);
  g_assert_cmpint (gtk_widget_get_height (window), <=, height);
  assert_controls_whole (window, GTK_WIDGET (viewer));
  picture = sb_gui_test_find_child (GTK_WIDGET (viewer), "picture");
  assert_whole (window, picture, "the picture");
  g_test_message ("%s: picture %d×%d", name, gtk_widget_get_width (picture), gtk_widget_get_height (picture));
  g_assert_cmpint (MIN (gtk_widget_get_width (picture), gtk_widget_get_height (picture)), >=,
                   MIN (768, MIN (width, height) / 2));
  assert_whole (window, sb_gui_test_find_child (GTK_WIDGET (viewer), "filmstrip"), "the filmstrip");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "page.back", NULL));
  g_assert_null (sb_window_get_viewer (fixture->window));
  run_frames (300);
  g_assert_true (gtk_widget_get_mapped (child (fixture, "canvas")));
}

/* From a phone-sized window to a 1440p screen: the canvas, the prompt,
 * Generate and a way to the gallery, none of them cut off or squeezed. */
static void
test_flow_sizes (Fixture       *fixture,
                 gconstpointer  data)
{
  static const struct { int width, height; } sizes[] = {
    { 360, 640 }, { 800, 600 }, { 1280, 800 }, { 2560, 1440 },
  };
  GtkWidget *window = GTK_WIDGET (fixture->window);
  SbHistoryEntry *entry;

  /* With pictures in the gallery. */
  g_settings_set_int (fixture->settings, "image-count", 4);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_signal_emit_by_name (child (fixture, "service_notice_close"), "clicked");
  gtk_widget_activate_action (window, "win.generate", NULL);
  wait_until (fixture, has_entries, GUINT_TO_POINTER (1), "the entry");
  entry = history_entry (fixture, 0);
  {
    struct { SbHistoryEntry *entry; SbHistoryEntryState state; } want = { entry, SB_HISTORY_ENTRY_DONE };

    wait_until (fixture, entry_is, &want, "the pictures");
  }

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("%dx%d", sizes[i].width, sizes[i].height);
      GtkWidget *gallery_button = child (fixture, "gallery_button");
      GtkWidget *canvas = child (fixture, "canvas");

      resize_window (window, sizes[i].width, sizes[i].height);
      /* The header, the palette and the composer fit themselves after a frame. */
      sb_gui_test_save_screenshot (window, "layout", name);
      g_test_message ("%s: narrow %d, canvas %d×%d", name, sb_window_get_narrow (fixture->window),
                      gtk_widget_get_width (canvas), gtk_widget_get_height (canvas));
      g_assert_cmpint (surface_width (window), ==, sizes[i].width);
      g_assert_cmpint (surface_height (window), ==, sizes[i].height);

      assert_whole (window, canvas, "the canvas");
      g_assert_cmpint (MIN (gtk_widget_get_width (canvas), gtk_widget_get_height (canvas)), >=, 192);
      /* The pictures over the drawing: their bar within the canvas, its
       * buttons whole (at 800 px beside the gallery it ran off the left). */
      if (gtk_widget_get_visible (child (fixture, "stage_bar")))
        {
          graphene_rect_t bar, area;

          g_assert_true (gtk_widget_compute_bounds (child (fixture, "stage_bar"), window, &bar));
          g_assert_true (gtk_widget_compute_bounds (canvas, window, &area));
          g_test_message ("%s: stage bar %.0f..%.0f over the canvas %.0f..%.0f", name, bar.origin.x,
                          bar.origin.x + bar.size.width, area.origin.x, area.origin.x + area.size.width);
          g_assert_cmpfloat (bar.origin.x, >=, area.origin.x - 0.5);
          g_assert_cmpfloat (bar.origin.x + bar.size.width, <=, area.origin.x + area.size.width + 0.5);
          assert_controls_whole (window, child (fixture, "stage_bar"));
        }
      assert_whole (window, child (fixture, "prompt_entry"), "the prompt");
      assert_whole (window, child (fixture, "generate_button"), "Generate");
      assert_controls_whole (window, child (fixture, "tool_palette"));
      assert_controls_whole (window, child (fixture, "composer_part"));
      /* The gallery: beside the drawing, or a button away. */
      if (sb_window_get_narrow (fixture->window))
        {
          assert_whole (window, gallery_button, "the gallery button");
          g_assert_false (gtk_widget_get_mapped (child (fixture, "gallery_part")));
          gtk_widget_activate_action (window, "win.toggle-gallery", NULL);
          sb_gui_test_save_screenshot (window, "layout", "360x640-gallery");
          g_assert_true (gtk_widget_get_mapped (child (fixture, "gallery_part")));
          assert_whole (window, find_row (window, entry), "the gallery row");
          gtk_widget_activate_action (window, "win.toggle-gallery", NULL);
        }
      else
        {
          GtkWidget *grid, *tile;
          guint columns;

          g_assert_false (gtk_widget_get_visible (gallery_button));
          assert_whole (window, find_row (window, entry), "the gallery row");
          /* Inside the gallery's own view, not only the window: GTK 4.8
           * clipped its second column, titles and state text on the right. */
          {
            GtkWidget *scroller = sb_gui_test_find_child (child (fixture, "gallery_part"), "gallery_scroller");
            graphene_rect_t view, row, pane;

            g_assert_true (gtk_widget_compute_bounds (scroller, window, &view));
            g_assert_true (gtk_widget_compute_bounds (find_row (window, entry), window, &row));
            g_assert_true (gtk_widget_compute_bounds (child (fixture, "gallery_pane"), window, &pane));
            g_test_message ("%s: gallery pane %.0f px, view %.0f..%.0f, row %.0f..%.0f", name, pane.size.width,
                            view.origin.x, view.origin.x + view.size.width, row.origin.x, row.origin.x + row.size.width);
            g_assert_cmpfloat (row.origin.x + row.size.width, <=, view.origin.x + view.size.width + 0.5);
            /* A wide window gives the gallery its share, not a fixed 320 px. */
            g_assert_cmpfloat (pane.size.width, >=, 0.25 * sizes[i].width);
          }
          /* The pictures share the pane's width out, square. */
          grid = find_type (find_row (window, entry), SB_TYPE_TILE_GRID);
          tile = gtk_widget_get_first_child (grid);
          columns = sb_tile_grid_get_columns (SB_TILE_GRID (grid));
          g_test_message ("%s: %u columns of %d px in %d", name, columns, gtk_widget_get_width (tile),
                          gtk_widget_get_width (grid));
          g_assert_cmpint (gtk_widget_get_width (tile), >=, 136);
          g_assert_cmpint (ABS (gtk_widget_get_height (tile) - gtk_widget_get_width (tile)), <=, 1);
          g_assert_cmpint (gtk_widget_get_width (grid) - (int) columns * gtk_widget_get_width (tile) - 8 * ((int) columns - 1),
                           <, (int) columns);
        }
      open_and_measure_viewer (fixture, entry, sizes[i].width, sizes[i].height);
    }
  /* Wide: the composer is held to a readable width, the gallery grows. */
  g_assert_false (sb_window_get_narrow (fixture->window));
  g_assert_cmpint (gtk_widget_get_width (child (fixture, "composer_part")), <=, 1200);
}

/* Closed at phone width, it opens at phone width, narrow (with the app's
 * style sheet, as the app has it). */
static void
test_flow_opens_narrow (Fixture       *fixture,
                        gconstpointer  data)
{
  SbWindow *window;
  GdkSurface *surface;
  gint64 until;

  g_settings_set_int (fixture->settings, "window-width", 360);
  g_settings_set_int (fixture->settings, "window-height", 640);
  window = g_object_ref (sb_window_new (GTK_APPLICATION (application), fixture->generator));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while ((gdk_surface_get_width (surface) != 360 || !sb_window_get_narrow (window)) && g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (2000);
  sb_gui_test_save_screenshot (GTK_WIDGET (window), "layout", "opened-360x640");

  g_assert_true (sb_window_get_narrow (window));
  g_assert_cmpint (gdk_surface_get_width (surface), ==, 360);
  g_assert_cmpint (gdk_surface_get_height (surface), ==, 640);
  g_assert_true (gtk_widget_get_visible (sb_gui_test_find_child (GTK_WIDGET (window), "gallery_button")));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* Choosing a style or typing moves nothing: the drop-down, the slider and
 * the canvas keep their widths. */
static void
test_flow_still (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *watched[] = { child (fixture, "style_dropdown"), child (fixture, "weight_scale"), child (fixture, "canvas") };
  GtkDropDown *style = child (fixture, "style_dropdown");
  int widths[G_N_ELEMENTS (watched)];

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  gtk_window_present (GTK_WINDOW (window));
  sb_gui_test_save_screenshot (window, "still", "before");
  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    widths[i] = gtk_widget_get_width (watched[i]);

  for (guint s = 0; s < g_list_model_get_n_items (gtk_drop_down_get_model (style)); s++)
    {
      gtk_drop_down_set_selected (style, s);
      sb_gui_test_save_screenshot (window, "still", "style");
      for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
        if (gtk_widget_get_width (watched[i]) != widths[i])
          g_error ("style %u: %s is %d px wide, was %d", s, G_OBJECT_TYPE_NAME (watched[i]),
                   gtk_widget_get_width (watched[i]), widths[i]);
    }
  gtk_editable_set_text (child (fixture, "prompt_entry"),
                         "a lighthouse on a cliff at dusk, waves breaking, gulls, a long winding path, rain");
  sb_gui_test_save_screenshot (window, "still", "typed");
  for (guint i = 0; i < G_N_ELEMENTS (watched); i++)
    g_assert_cmpint (gtk_widget_get_width (watched[i]), ==, widths[i]);
}

int
main (int   argc,
      char *argv[])
{
  static const double slow = 3.0;
  static const double medium = 1.5;
  static const double quick = 0.3;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  /* The environment's language (the zh_CN run), with the built translations. */
  if (setlocale (LC_ALL, "") == NULL)
    {
      g_printerr ("SKIP: the locale %s is not generated\n", g_getenv ("LC_ALL"));
      return 77;
    }
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SKETCHBLOOM_LOCALEDIR") != NULL ? g_getenv ("SKETCHBLOOM_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  adw_init ();

  notifications = g_ptr_array_new_with_free_func (g_free);
  serve_notifications ();
  application = adw_application_new (APP_ID ".FlowTest", G_APPLICATION_NON_UNIQUE);
  /* The app's own style sheet, as the app has it (screenshots look real). */
  g_application_set_resource_base_path (G_APPLICATION (application), RESOURCE_PREFIX);
  g_application_register (G_APPLICATION (application), NULL, NULL);
  {
    g_autoptr(GSimpleAction) preferences = g_simple_action_new ("preferences", NULL);

    g_signal_connect_swapped (preferences, "activate", G_CALLBACK (count_preferences), NULL);
    g_action_map_add_action (G_ACTION_MAP (application), G_ACTION (preferences));
  }

  g_test_add ("/flow/cancel", Fixture, &slow, fixture_set_up, test_flow_cancel, fixture_tear_down);
  g_test_add ("/flow/sizes", Fixture, &quick, fixture_set_up, test_flow_sizes, fixture_tear_down);
  g_test_add ("/flow/still", Fixture, NULL, fixture_set_up, test_flow_still, fixture_tear_down);
  g_test_add ("/flow/opens-narrow", Fixture, NULL, fixture_set_up, test_flow_opens_narrow, fixture_tear_down);
  g_test_add ("/flow/faults", Fixture, NULL, fixture_set_up, test_flow_faults, fixture_tear_down);
  g_test_add ("/flow/outage", Fixture, NULL, fixture_set_up, test_flow_outage, fixture_tear_down);
  g_test_add ("/flow/doodle-engine", Fixture, NULL, fixture_set_up, test_flow_doodle_engine, fixture_tear_down);
  g_test_add ("/flow/stage", Fixture, NULL, fixture_set_up, test_flow_stage, fixture_tear_down);
  g_test_add ("/flow/stage-narrow", Fixture, NULL, fixture_set_up, test_flow_stage_narrow, fixture_tear_down);
  g_test_add ("/flow/repaint", Fixture, NULL, fixture_set_up, test_flow_repaint, fixture_tear_down);
  g_test_add ("/flow/edits", Fixture, NULL, fixture_set_up, test_flow_edits, fixture_tear_down);
  g_test_add ("/flow/edit-sources", Fixture, NULL, fixture_set_up, test_flow_edit_sources, fixture_tear_down);
  g_test_add ("/flow/notification", Fixture, NULL, fixture_set_up, test_flow_notification, fixture_tear_down);
  g_test_add ("/flow/offline", Fixture, NULL, fixture_set_up, test_flow_offline, fixture_tear_down);
  g_test_add ("/flow/sweep", Fixture, &quick, fixture_set_up, test_flow_sweep, fixture_tear_down);
  g_test_add ("/flow/service-notice", Fixture, NULL, fixture_set_up, test_flow_service_notice, fixture_tear_down);
  g_test_add ("/flow/retry", Fixture, NULL, fixture_set_up, test_flow_retry, fixture_tear_down);
  g_test_add ("/flow/retry-failed", Fixture, &quick, fixture_set_up, test_flow_retry_failed, fixture_tear_down);
  g_test_add ("/flow/states", Fixture, &medium, fixture_set_up, test_flow_states, fixture_tear_down);
  g_test_add ("/flow/appears-at-once", Fixture, &quick, fixture_set_up, test_flow_appears_at_once, fixture_tear_down);
  g_test_add ("/flow/composer-reaches-request", Fixture, &quick, fixture_set_up,
              test_flow_composer_reaches_request, fixture_tear_down);
  g_test_add ("/flow/new-settings-every-window", Fixture, &quick, fixture_set_up,
              test_flow_new_settings_every_window, fixture_tear_down);
  g_test_add ("/flow/toasts-lead-somewhere", Fixture, &quick, fixture_set_up,
              test_flow_toasts_lead_somewhere, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&application);
  g_ptr_array_unref (notifications);
  return status;
}
