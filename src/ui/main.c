/* main.c: sketchbloom, the application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sketchbloom"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sb-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SbApplication) app = NULL;
  const char *localedir = g_getenv ("SKETCHBLOOM_LOCALEDIR");

  /* SKETCHBLOOM_LOCALEDIR lets an uninstalled build (meson devenv, the tests)
   * use the translations it just compiled. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = sb_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
