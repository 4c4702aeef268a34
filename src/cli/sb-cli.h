/* sb-cli.h: sketchbloom-cli's commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sb-generator.h"

G_BEGIN_DECLS

#define EXIT_SERVICE 1
#define EXIT_USAGE 2

typedef enum {
  SB_CLI_TAKES_GENERATION,   /* --sketch or --sketch-url, --prompt, … */
  SB_CLI_TAKES_TASK_ID,
  SB_CLI_TAKES_NOTHING,
  SB_CLI_TAKES_PICTURE,      /* enlarge, edit, extend, colorize, change: a picture file */
} SbCliArguments;

typedef struct _SbCliCommand SbCliCommand;

/* One run: what main() parsed, then what the command keeps. */
typedef struct {
  const SbCliCommand *command;
  SbParams           *params;        /* generate, submit, the picture commands */
  GFile              *sketch_file;   /* …or sketch_url; the picture to edit */
  char               *sketch_url;
  char               *task_id;       /* wait, status, cancel */
  GFile              *output_dir;
  SbUploadOptions     upload;        /* borrowed from main() */
  gboolean            json;

  GMainLoop          *loop;
  GCancellable       *cancellable;
  SbGenerator        *generator;
  GPtrArray          *jobs;          /* being followed */
  gint64              started;
  guint               saved;
  guint               copies;
  int                 status;
  gboolean            progress;
  gboolean            interrupted;   /* by SIGINT or SIGTERM: the status is set */
} SbCli;

const SbCliCommand *sb_cli_find_command          (const char         *name);
SbCliArguments      sb_cli_command_get_arguments (const SbCliCommand *command);
const SbEngine     *sb_cli_command_get_engine    (const SbCliCommand *command);
gboolean            sb_cli_command_saves         (const SbCliCommand *command);
void                sb_cli_describe_commands     (GString            *text);
int                 sb_cli_run                   (SbCli              *cli);
void                sb_cli_clear                 (SbCli              *cli);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SbCli, sb_cli_clear)

G_END_DECLS
