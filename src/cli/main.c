/* main.c: sketchbloom-cli, Sketchbloom from the command line
 *
 *   sketchbloom-cli generate (--sketch FILE | --sketch-url URL) --prompt TEXT [options]
 *   sketchbloom-cli submit   (same inputs as generate)   prints the task id alone
 *   sketchbloom-cli wait TASK_ID [-o DIR]                 waits and downloads
 *   sketchbloom-cli status TASK_ID [--json]
 *   sketchbloom-cli cancel TASK_ID
 *   sketchbloom-cli resume [-o DIR]
 *
 * This file reads the command line and refuses bad input before any request
 * (exit 2); sb-cli.c runs the command. Exit 0 when it worked (for generate
 * and wait: at least one image saved), 1 for service or task errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sketchbloom-cli"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sb-bounded-file.h"
#include "sb-cli.h"
#include "sb-dashscope-client.h"
#include "sb-error.h"
#include "sb-style.h"

static int
usage_error (const char *message)
{
  g_printerr ("sketchbloom-cli: %s\n", message);
  return EXIT_USAGE;
}

static gboolean
refuse (const char *message)
{
  usage_error (message);
  return FALSE;
}

/* Where pictures will go must take them, before anything is paid for. */
static gboolean
check_output_dir (GFile   *directory,
                  GError **error)
{
  g_autofree char *path = g_file_get_path (directory);

  if (path == NULL || (g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_DIR)))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("-o %s is not a folder"),
                   path != NULL ? path : g_file_peek_path (directory));
      return FALSE;
    }
  if (g_mkdir_with_parents (path, 0755) != 0 || g_access (path, W_OK) != 0)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("-o %s is not a folder that can be written: %s"),
                   path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* A sketch is a regular file of at most SB_SKETCH_MAX_BYTES: /dev/zero
 * would be read for ever, and a FIFO would block before any question. */
static gboolean
check_sketch_file (GFile   *file,
                   GError **error)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, error);

  if (info == NULL)
    return FALSE;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID_INPUT, _("%s is not a regular file"), g_file_peek_path (file));
      return FALSE;
    }
  return sb_uploader_check_size (g_file_info_get_size (info), error);
}

static gboolean
refuse_untaken (const char     *option,
                const SbEngine *engine)
{
  /* Translators: an option, then the engine's name, e.g. "--weight is not taken by Wan 2.1 Doodle" */
  g_autofree char *message = g_strdup_printf (_("%s is not taken by %s"), option, sb_engine_get_label (engine));

  return refuse (message);
}

/* What the picture commands take besides the picture; -1, NaN or NULL: not given. */
typedef struct {
  const char *prompt;
  int         count;
  gint64      seed;
  int         factor;
  double      scales[SB_N_SIDES];
  double      strength;
  const char *mask;
} PictureOptions;

/* enlarge, edit, extend, colorize, change FILE: the picture goes inline,
 * so no upload method is needed; each takes its own options only. */
static gboolean
parse_picture (SbCli                *cli,
               const char           *picture,
               const PictureOptions *options)
{
  static const char *scale_options[SB_N_SIDES] = { "--top", "--bottom", "--left", "--right" };
  const SbEngine *engine = sb_cli_command_get_engine (cli->command);
  g_autoptr(GError) error = NULL;

  cli->sketch_file = g_file_new_for_commandline_arg (picture);
  if (!check_sketch_file (cli->sketch_file, &error))
    return refuse (error->message);

  cli->params = sb_params_new ();
  sb_params_set_engine (cli->params, engine);
  sb_params_set_count (cli->params, options->count > 0 ? options->count : 1);
  if (options->prompt != NULL)
    sb_params_set_prompt (cli->params, options->prompt);
  else if (engine->fixed_prompt == NULL)
    return refuse (_("a prompt is needed: --prompt TEXT"));

  /* What the engine does not take is refused, never silently dropped. */
  if (options->factor >= 0 && !sb_engine_takes (engine, SB_ENGINE_TAKES_FACTOR))
    return refuse_untaken ("--factor", engine);
  sb_params_set_factor (cli->params, options->factor >= 0 ? options->factor : SB_ENLARGE_FACTOR_DEFAULT);
  if (options->seed >= 0 && !sb_engine_takes (engine, SB_ENGINE_TAKES_SEED))
    return refuse_untaken ("--seed", engine);
  if (options->seed > SB_SEED_MAX)
    return refuse (_("--seed takes 0 to 2147483647"));
  sb_params_set_seed (cli->params, options->seed);
  for (guint i = 0; i < SB_N_SIDES; i++)
    {
      if (isnan (options->scales[i]))
        continue;
      if (!sb_engine_takes (engine, SB_ENGINE_TAKES_SCALES))
        return refuse_untaken (scale_options[i], engine);
      sb_params_set_scale (cli->params, i, options->scales[i]);
    }
  if (!isnan (options->strength))
    {
      if (!sb_engine_takes (engine, SB_ENGINE_TAKES_STRENGTH))
        return refuse_untaken ("--strength", engine);
      sb_params_set_strength (cli->params, options->strength);
    }
  if (options->mask != NULL)
    {
      g_autoptr(GFile) file = NULL;
      g_autoptr(GBytes) mask = NULL;

      if (!sb_engine_takes (engine, SB_ENGINE_TAKES_MASK))
        return refuse_untaken ("--mask", engine);
      /* Read before the loop runs, no larger than a picture the engine takes;
       * made black and white at the picture's size when it is sent. */
      file = g_file_new_for_commandline_arg (options->mask);
      mask = sb_bounded_file_read (file, engine->max_image_bytes, NULL, &error);
      if (mask == NULL)
        return refuse (error->message);
      sb_params_set_mask (cli->params, mask);
    }
  else if (sb_engine_takes (engine, SB_ENGINE_TAKES_MASK))
    return refuse (_("a mask is needed: --mask FILE, white where the picture is repainted"));

  if (!sb_params_validate (cli->params, &error))
    return refuse (error->message);

  return TRUE;
}

/* Reads generate/submit options into cli->params; FALSE after printing why. */
static gboolean
parse_generation (SbCli       *cli,
                  const char  *sketch_file,
                  const char  *sketch_url,
                  const char  *prompt,
                  const char  *style,
                  int          count,
                  int          weight,
                  gboolean     weight_set,
                  gboolean     extract,
                  char       **colors,
                  const char  *model,
                  gint64       seed)
{
  g_autoptr(GError) error = NULL;
  SbStyle parsed_style = SB_STYLE_AUTO;
  const SbEngine *engine = sb_engine_get_default ();

  if (model != NULL)
    {
      engine = sb_engine_lookup (model);
      if (engine == NULL || engine->kind != SB_ENGINE_DRAWS)
        {
          g_autofree char *ids = sb_engine_list_ids (SB_ENGINE_DRAWS);

          /* Translators: %s is the model given, then the list of engines, "sketch-lite, doodle" */
          g_printerr (_("sketchbloom-cli: unknown model “%s”; --model takes one of %s\n"), model, ids);
          return FALSE;
        }
    }

  if (sketch_file != NULL && sketch_url != NULL)
    return refuse (_("give either --sketch or --sketch-url, not both"));
  if (sketch_file != NULL)
    {
      cli->sketch_file = g_file_new_for_commandline_arg (sketch_file);
      if (!check_sketch_file (cli->sketch_file, &error))
        return refuse (error->message);
    }
  else if (sketch_url == NULL)
    return refuse (_("a sketch is needed: --sketch FILE or --sketch-url URL"));
  /* oss:// is DashScope's own temporary storage; anything else must be https. */
  else if (!g_str_has_prefix (sketch_url, "oss://") && !sb_http_check_url (sketch_url, &error))
    return refuse (error->message);
  else
    cli->sketch_url = g_strdup (sketch_url);

  if (prompt == NULL)
    return refuse (_("a prompt is needed: --prompt TEXT"));
  if (style != NULL && !sb_style_from_nick (style, &parsed_style))
    {
      g_printerr (_("sketchbloom-cli: unknown style “%s”; see --help for the styles\n"), style);
      return FALSE;
    }

  cli->params = sb_params_new ();
  sb_params_set_engine (cli->params, engine);
  sb_params_set_prompt (cli->params, prompt);
  sb_params_set_style (cli->params, parsed_style);
  sb_params_set_count (cli->params, count);
  sb_params_set_sketch_weight (cli->params, weight);
  sb_params_set_sketch_extraction (cli->params, extract);
  for (guint i = 0; colors != NULL && colors[i] != NULL; i++)
    {
      SbColor color;

      if (!sb_color_parse (colors[i], &color))
        {
          g_printerr (_("sketchbloom-cli: “%s” is not a colour: give it as R,G,B\n"), colors[i]);
          return FALSE;
        }
      sb_params_add_color (cli->params, color.red, color.green, color.blue);
    }
  /* What the engine does not take is refused, never silently dropped. */
  if (weight_set && !sb_engine_takes (engine, SB_ENGINE_TAKES_WEIGHT))
    return refuse_untaken ("--weight", engine);
  if (extract && !sb_engine_takes (engine, SB_ENGINE_TAKES_EXTRACTION))
    return refuse_untaken ("--extract", engine);
  if (colors != NULL && !sb_engine_takes (engine, SB_ENGINE_TAKES_COLORS))
    return refuse_untaken ("--color", engine);
  if (seed >= 0 && !sb_engine_takes (engine, SB_ENGINE_TAKES_SEED))
    return refuse_untaken ("--seed", engine);
  if (seed > SB_SEED_MAX)
    return refuse (_("--seed takes 0 to 2147483647"));
  sb_params_set_seed (cli->params, seed);

  if (!sb_params_validate (cli->params, &error))
    return refuse (error->message);

  return TRUE;
}

static char *
describe_commands (void)
{
  GString *text = g_string_new (_("Commands:"));
  guint n_engines;
  const SbEngine * const *engines = sb_engine_get_all (&n_engines);

  sb_cli_describe_commands (text);
  g_string_append_printf (text, "\n\n%s\n", _("Engines (--model):"));
  for (guint i = 0; i < n_engines; i++)
    if (engines[i]->kind == SB_ENGINE_DRAWS)
      {
        g_autofree char *price = sb_engine_describe_price (engines[i]);
        g_autofree char *regions = sb_engine_describe_regions (engines[i]);

        g_string_append_printf (text, "  %-20s %s, %s (%s; %s)\n    %s\n", engines[i]->id, engines[i]->model,
                                sb_engine_get_label (engines[i]), price, regions, sb_engine_get_best_at (engines[i]));
      }
  g_string_append_printf (text, "\n%s\n", _("Styles:"));
  for (SbStyle style = 0; style < SB_N_STYLES; style++)
    g_string_append_printf (text, "  %-20s %s\n", sb_style_to_nick (style), sb_style_get_label (style));
  g_string_append_printf (text, "\n%s\n", _("Environment: DASHSCOPE_API_KEY, DASHSCOPE_HTTP_BASE_URL, DASHSCOPE_WORKSPACE"));

  return g_string_free (text, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  g_autofree char *sketch_file = NULL, *sketch_url = NULL, *prompt = NULL, *style = NULL, *model = NULL;
  gint64 seed = -1;
  g_autofree char *output_dir = NULL;
  g_autofree char *methods = sb_upload_method_list_uploading ();
  g_autofree char *upload_help = NULL;
  g_auto(GStrv) colors = NULL;
  g_auto(GStrv) upload_headers = NULL;
  g_autofree char *upload = NULL, *upload_url = NULL, *public_url = NULL, *form_field = NULL, *url_path = NULL;
  const char *localedir = g_getenv ("SKETCHBLOOM_LOCALEDIR");
  gboolean version = FALSE, extract = FALSE, json = FALSE;
  int count = -1, weight = -1, factor = -1;
  /* NaN: not given (any number given is checked, a negative one too). */
  double scales[SB_N_SIDES] = { NAN, NAN, NAN, NAN }, strength = NAN;
  g_autofree char *mask = NULL;
  g_auto(SbCli) cli = { 0 };
  GOptionEntry entries[] = {
    { "version", 'v', 0, G_OPTION_ARG_NONE, &version, N_("Show the version and quit"), NULL },
    { "sketch", 0, 0, G_OPTION_ARG_FILENAME, &sketch_file, N_("The sketch, a local image file"), N_("FILE") },
    { "sketch-url", 0, 0, G_OPTION_ARG_STRING, &sketch_url, N_("The sketch, already online"), N_("URL") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model, N_("The engine, as listed below (default: sketch-lite)"), N_("ENGINE") },
    { "prompt", 0, 0, G_OPTION_ARG_STRING, &prompt, N_("What the picture shows (sketch-lite: at most 75 characters; doodle: 800)"), N_("TEXT") },
    { "style", 0, 0, G_OPTION_ARG_STRING, &style, N_("One of the styles below (default: auto)"), N_("STYLE") },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, N_("How many pictures, 1 to 4 (default: 4; editing: 1)"), N_("N") },
    { "weight", 0, 0, G_OPTION_ARG_INT, &weight, N_("How closely to follow the sketch, 0 to 10 (default: 10)"), N_("W") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("doodle: the seed, to make a picture again (default: a random one, printed)"), N_("SEED") },
    { "factor", 0, 0, G_OPTION_ARG_INT, &factor, N_("enlarge: how many times larger, 2 to 4 (default: 2)"), N_("N") },
    { "mask", 0, 0, G_OPTION_ARG_FILENAME, &mask, N_("edit: the region to repaint, white on black, the picture’s size"), N_("FILE") },
    { "top", 0, 0, G_OPTION_ARG_DOUBLE, &scales[SB_SIDE_TOP], N_("extend: how far the top grows, 1.0 to 2.0 (default: 1.0)"), N_("SCALE") },
    { "bottom", 0, 0, G_OPTION_ARG_DOUBLE, &scales[SB_SIDE_BOTTOM], N_("extend: the bottom, likewise"), N_("SCALE") },
    { "left", 0, 0, G_OPTION_ARG_DOUBLE, &scales[SB_SIDE_LEFT], N_("extend: the left side, likewise"), N_("SCALE") },
    { "right", 0, 0, G_OPTION_ARG_DOUBLE, &scales[SB_SIDE_RIGHT], N_("extend: the right side, likewise"), N_("SCALE") },
    { "strength", 0, 0, G_OPTION_ARG_DOUBLE, &strength, N_("change: 0 (a little) to 1 (a lot) (default: 0.5)"), N_("S") },
    { "extract", 0, 0, G_OPTION_ARG_NONE, &extract, N_("The sketch is a colour picture: extract its edges first"), NULL },
    { "color", 0, 0, G_OPTION_ARG_STRING_ARRAY, &colors, N_("A pen colour of the sketch (repeatable)"), N_("R,G,B") },
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir, N_("Where to save the pictures (default: here)"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("status: print JSON"), NULL },
    { "upload", 0, 0, G_OPTION_ARG_STRING, &upload, NULL, N_("METHOD") },
    { "upload-url", 0, 0, G_OPTION_ARG_STRING, &upload_url, N_("The PUT address prefix, or the form endpoint"), N_("URL") },
    { "public-url", 0, 0, G_OPTION_ARG_STRING, &public_url, N_("PUT: where the service reads the sketch (default: the upload URL)"), N_("URL") },
    { "upload-header", 0, 0, G_OPTION_ARG_STRING_ARRAY, &upload_headers, N_("An extra upload header (repeatable)"), N_("'NAME: VALUE'") },
    { "form-field", 0, 0, G_OPTION_ARG_STRING, &form_field, N_("Form: the file field (default: file)"), N_("NAME") },
    { "url-path", 0, 0, G_OPTION_ARG_STRING, &url_path, N_("Form: where the URL is in a JSON answer, e.g. data.url"), N_("PATH") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Translators: %s lists the methods, "dashscope, put, form" */
  upload_help = g_strdup_printf (_("How --sketch goes online: %s (default: the app’s setting)"), methods);
  for (GOptionEntry *entry = entries; entry->long_name != NULL; entry++)
    if (g_str_equal (entry->long_name, "upload"))
      entry->description = upload_help;
  context = g_option_context_new (_("COMMAND [TASK_ID]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Turn sketches into finished pictures with DashScope’s image models."));
  description = describe_commands ();
  g_option_context_set_description (context, description);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);

  if (version)
    {
      g_print ("sketchbloom-cli %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (argc < 2)
    {
      g_printerr (_("sketchbloom-cli: no command given; see --help\n"));
      return EXIT_USAGE;
    }

  cli.command = sb_cli_find_command (argv[1]);
  if (cli.command == NULL)
    {
      g_printerr (_("sketchbloom-cli: unknown command “%s”; see --help\n"), argv[1]);
      return EXIT_USAGE;
    }
  switch (sb_cli_command_get_arguments (cli.command))
    {
    case SB_CLI_TAKES_GENERATION:
      if (argc > 2)
        return usage_error (_("generate and submit take no arguments besides options"));
      if (!parse_generation (&cli, sketch_file, sketch_url, prompt, style, count >= 0 ? count : 4,
                             weight >= 0 ? weight : SB_SKETCH_WEIGHT_DEFAULT, weight >= 0, extract, colors,
                             model, seed))
        return EXIT_USAGE;
      break;

    case SB_CLI_TAKES_PICTURE:
      {
        PictureOptions options = { prompt, count, seed, factor, { 0 }, strength, mask };

        memcpy (options.scales, scales, sizeof scales);
        if (argc != 3 || *argv[2] == '\0')
          {
            /* Translators: a command, e.g. "extend takes one picture file" */
            g_autofree char *message = g_strdup_printf (_("%s takes one picture file"), argv[1]);

            return usage_error (message);
          }
        if (!parse_picture (&cli, argv[2], &options))
          return EXIT_USAGE;
      }
      break;

    case SB_CLI_TAKES_NOTHING:
      if (argc > 2)
        return usage_error (_("resume takes no arguments besides options"));
      break;

    case SB_CLI_TAKES_TASK_ID:
    default:
      if (argc != 3 || *argv[2] == '\0')
        return usage_error (_("a task id is needed"));
      cli.task_id = g_strdup (argv[2]);
      break;
    }

  cli.json = json;
  if (upload != NULL && (!sb_upload_method_from_nick (upload, &cli.upload.method) ||
                         !sb_upload_method_uploads (cli.upload.method)))
    {
      /* Translators: %s lists the methods, "dashscope, put, form" */
      g_autofree char *message = g_strdup_printf (_("--upload takes one of %s"), methods);

      return usage_error (message);
    }
  cli.upload.method_set = upload != NULL;
  cli.upload.upload_url = upload_url;
  cli.upload.public_url = public_url;
  cli.upload.form_field = form_field;
  cli.upload.url_path = url_path;
  cli.upload.headers = (const char * const *) upload_headers;
  if (!sb_uploader_check_headers (cli.upload.headers, &error))
    return usage_error (error->message);
  cli.output_dir = g_file_new_for_commandline_arg (output_dir != NULL ? output_dir : ".");
  if (sb_cli_command_saves (cli.command) && !check_output_dir (cli.output_dir, &error))
    return usage_error (error->message);

  return sb_cli_run (&cli);
}
