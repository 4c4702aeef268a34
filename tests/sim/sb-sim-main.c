/* sb-sim-main.c: sketchbloom-sim, the local DashScope simulator
 *
 * Prints the API base URL as its first line when ready, then serves until
 * SIGINT or SIGTERM.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "sb-sim-server.h"

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSimServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *files_url = NULL;
  g_auto(GStrv) faults = NULL;
  g_autofree char *api_key = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *history_path = NULL;
  double service_seconds = 3;
  int port = 0;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port of the API host (default: any free one)", "PORT" },
    { "api-key", 'k', 0, G_OPTION_ARG_STRING, &api_key, "The only accepted API key (default: sk-sim)", "KEY" },
    { "service-time", 't', 0, G_OPTION_ARG_DOUBLE, &service_seconds, "Seconds a task takes (default: 3)", "SECONDS" },
    { "fault", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &faults,
      "Misbehave: throttle-create, server-error-create, drop-create, server-error-poll, throttle-poll, "
      "malformed-poll, drop-poll, fail-task, partial, unknown, expired-results, non-image-results, bomb-results, extra-results, slow, "
      "outage, server-error-results, refuse-poll, echo-key (NAME=N: N times, -1 always; slow=MS; outage=MS; partial=K images)", "NAME[=N]" },
    { "log", 'l', 0, G_OPTION_ARG_FILENAME, &log_path, "Append one JSON line per request to FILE", "FILE" },
    { "history", 0, 0, G_OPTION_ARG_FILENAME, &history_path,
      "The client's history folder: the log says whether each create's entry was on disk first", "DIR" },
    { NULL }
  };

  g_option_context_set_summary (context, "A local stand-in for DashScope's wanx-sketch-to-image-lite endpoints.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("sketchbloom-sim: %s\n", error->message);
      return 2;
    }

  server = sb_sim_server_new (api_key != NULL ? api_key : "sk-sim", service_seconds);
  for (guint i = 0; faults != NULL && faults[i] != NULL; i++)
    if (!sb_sim_server_add_fault (server, faults[i], &error))
      {
        g_printerr ("sketchbloom-sim: %s\n", error->message);
        return 2;
      }
  if (log_path != NULL && !sb_sim_server_set_log_file (server, log_path, &error))
    {
      g_printerr ("sketchbloom-sim: %s\n", error->message);
      return 1;
    }
  if (history_path != NULL)
    {
      g_autoptr(GFile) history = g_file_new_for_path (history_path);

      sb_sim_server_set_history_directory (server, history);
    }
  if (!sb_sim_server_listen (server, port, &error))
    {
      g_printerr ("sketchbloom-sim: %s\n", error->message);
      return 1;
    }

  base_url = sb_sim_server_get_base_url (server);
  files_url = sb_sim_server_get_files_url (server);
  g_print ("%s\n", base_url);
  g_print ("files: %s\n", files_url);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);

  return 0;
}
