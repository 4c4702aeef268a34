/* sb-composer.c: the prompt and the parameters Generate sends
 *
 * Prompt (with its counter), engine, style, sketch weight, image count,
 * Generate, and the pre-flight line that says what Generate will send. The
 * engine, style, weight and count persist in GSettings. The engine's row
 * sets the prompt's limit and which controls count: one that takes no
 * weight keeps the slider in place, dimmed, and says why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-composer"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-adaptive-bin.h"
#include "sb-composer.h"
#include "sb-limits.h"
#include "sb-style.h"
#include "sb-upload-method.h"
#include "sb-widget-compat.h"

struct _SbComposer
{
  GtkBox         parent_instance;

  GSettings     *settings;
  SbSketch      *sketch;

  GtkEntry      *prompt_entry;
  GtkLabel      *prompt_counter;
  GtkDropDown   *engine_dropdown;
  GtkDropDown   *style_dropdown;
  GtkLabel      *weight_label;
  GtkScale      *weight_scale;
  GtkAdjustment *weight_adjustment;
  GtkAdjustment *count_adjustment;
  GtkButton     *generate_button;
  GtkWidget     *options;
  GtkWidget     *style_group;
  GtkWidget     *weight_group;
  GtkWidget     *count_group;
  GtkWidget     *generate_group;
  GtkLabel      *preflight_label;
  GtkLabel      *request_label;
  GtkWidget     *new_seed_button;
  gint64         seed;            /* kept from a picture (Same Seed), or -1 */
  gboolean       prompt_fitted;   /* as last notified */
};

G_DEFINE_FINAL_TYPE (SbComposer, sb_composer, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_PROMPT_FITS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


static const SbEngine *
current_engine (SbComposer *self)
{
  const SbEngine *engine = sb_engine_get_drawing (gtk_drop_down_get_selected (self->engine_dropdown));

  return engine != NULL ? engine : sb_engine_get_default ();
}

/* The characters left for the artist's words: the engine's limit, less the
 * style's words it adds to the prompt (never cut, so counted here). */
static int
prompt_limit (SbComposer *self)
{
  const SbEngine *engine = current_engine (self);
  const char *words = sb_style_get_words (gtk_drop_down_get_selected (self->style_dropdown) < SB_N_STYLES
                                          ? (SbStyle) gtk_drop_down_get_selected (self->style_dropdown)
                                          : SB_STYLE_AUTO);

  if (sb_engine_takes (engine, SB_ENGINE_TAKES_STYLE) || words == NULL)
    return engine->prompt_max_chars;
  return engine->prompt_max_chars - (int) g_utf8_strlen (", ", -1) - (int) g_utf8_strlen (words, -1);
}

/* Whether the prompt is within what DashScope takes: Generate waits for it. */
gboolean
sb_composer_get_prompt_fits (SbComposer *self)
{
  g_return_val_if_fail (SB_IS_COMPOSER (self), FALSE);

  return (int) gtk_entry_buffer_get_length (gtk_entry_get_buffer (self->prompt_entry)) <= prompt_limit (self);
}

/* What is past the limit is marked in the entry itself; nothing typed is
 * dropped, so the artist decides what to cut. On ::changed, once the entry
 * has taken the text in (its layout and cursor), and only while there is
 * something to mark or unmark. */
static void
mark_overflow (SbComposer *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->prompt_entry));
  g_autoptr(PangoAttrList) attributes = NULL;
  gboolean over = !sb_composer_get_prompt_fits (self);
  int limit = prompt_limit (self);

  if (!over && gtk_entry_get_attributes (self->prompt_entry) == NULL)
    return;

  attributes = pango_attr_list_new ();
  if (over)
    {
      guint start = g_utf8_offset_to_pointer (text, limit) - text;
      PangoAttribute *background = pango_attr_background_new (0xe000, 0x1b00, 0x2400);
      PangoAttribute *alpha = pango_attr_background_alpha_new (0x3000);
      PangoAttribute *underline = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);

      background->start_index = alpha->start_index = underline->start_index = start;
      pango_attr_list_insert (attributes, background);
      pango_attr_list_insert (attributes, alpha);
      pango_attr_list_insert (attributes, underline);
    }
  gtk_entry_set_attributes (self->prompt_entry, over ? attributes : NULL);
}

static void
update_prompt_counter (SbComposer *self)
{
  GtkEntryBuffer *buffer = gtk_entry_get_buffer (self->prompt_entry);
  guint length = gtk_entry_buffer_get_length (buffer);   /* characters, not bytes */
  int limit = prompt_limit (self);
  g_autofree char *text = g_strdup_printf ("%u/%d", length, limit);
  g_autofree char *description = NULL;
  gboolean fits = (int) length <= limit;

  gtk_label_set_label (self->prompt_counter, text);

  if ((int) length == limit)
    gtk_widget_add_css_class (GTK_WIDGET (self->prompt_counter), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->prompt_counter), "warning");
  if (!fits)
    gtk_widget_add_css_class (GTK_WIDGET (self->prompt_counter), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->prompt_counter), "error");
  if (fits != self->prompt_fitted)
    {
      self->prompt_fitted = fits;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT_FITS]);
    }

  description = g_strdup_printf (_("%u of %d characters used"), length, limit);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->prompt_counter),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
update_weight_label (SbComposer *self)
{
  const SbEngine *engine = current_engine (self);
  int weight = (int) gtk_adjustment_get_value (self->weight_adjustment);
  g_autofree char *text = NULL;

  /* In place, dimmed, and said why: the layout does not move. */
  if (sb_engine_takes (engine, SB_ENGINE_TAKES_WEIGHT))
    text = g_strdup_printf (_("Sketch weight: %d"), weight);
  else
    /* Translators: %s is an engine, e.g. "Wan 2.1 Doodle" */
    text = g_strdup_printf (_("Sketch weight: not used by %s, which follows the sketch as drawn"),
                            sb_engine_get_label (engine));
  gtk_label_set_label (self->weight_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->weight_scale), sb_engine_takes (engine, SB_ENGINE_TAKES_WEIGHT));
}

static gboolean
is_url_method (SbComposer *self)
{
  return self->settings != NULL && g_settings_get_enum (self->settings, "upload-method") == SB_UPLOAD_METHOD_URL;
}

/**
 * sb_composer_get_params:
 *
 * Returns: (transfer full): what Generate sends, as set now
 */
SbParams *
sb_composer_get_params (SbComposer *self)
{
  SbParams *params = sb_params_new ();

  sb_params_set_engine (params, current_engine (self));
  sb_params_set_prompt (params, gtk_editable_get_text (GTK_EDITABLE (self->prompt_entry)));
  sb_params_set_style (params, gtk_drop_down_get_selected (self->style_dropdown));
  sb_params_set_sketch_weight (params, (int) gtk_adjustment_get_value (self->weight_adjustment));
  sb_params_set_count (params, (int) gtk_adjustment_get_value (self->count_adjustment));
  if (self->seed >= 0 && sb_engine_takes (current_engine (self), SB_ENGINE_TAKES_SEED))
    sb_params_set_seed (params, self->seed);
  /* The canvas's extraction and pen colours describe the canvas only. */
  if (self->sketch != NULL && !is_url_method (self))
    {
      sb_params_set_sketch_extraction (params, sb_sketch_get_extraction (self->sketch));
      sb_sketch_apply_colors (self->sketch, params);
    }

  return params;
}

/* The prompt, style, weight and count of an earlier generation. */
void
sb_composer_set_params (SbComposer *self,
                        SbParams   *params)
{
  guint n;
  const SbEngine * const *engines = sb_engine_get_all (&n);

  /* Reuse makes it again with a new seed; Same Seed keeps it after this. */
  sb_composer_set_seed (self, -1);
  /* The engine first: it sets the limits the rest is shown against. */
  for (guint i = 0, position = 0; i < n; i++)
    if (engines[i]->kind == SB_ENGINE_DRAWS)
      {
        if (engines[i] == sb_params_get_engine (params))
          gtk_drop_down_set_selected (self->engine_dropdown, position);
        position++;
      }
  gtk_editable_set_text (GTK_EDITABLE (self->prompt_entry), sb_params_get_prompt (params));
  gtk_drop_down_set_selected (self->style_dropdown, sb_params_get_style (params));
  gtk_adjustment_set_value (self->weight_adjustment, sb_params_get_sketch_weight (params));
  gtk_adjustment_set_value (self->count_adjustment, sb_params_get_count (params));
}

static void update_preflight (SbComposer *self);

/**
 * sb_composer_set_seed:
 * @seed: a picture's seed, to make it again with another prompt; or -1
 *
 * Kept until New Seed, a Reuse or another engine.
 */
void
sb_composer_set_seed (SbComposer *self,
                      gint64      seed)
{
  g_return_if_fail (SB_IS_COMPOSER (self));

  self->seed = seed;
  gtk_widget_set_visible (self->new_seed_button, seed >= 0);
  update_preflight (self);
}

static void
new_seed_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  sb_composer_set_seed (SB_COMPOSER (widget), -1);
}

const char *
sb_composer_get_prompt (SbComposer *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->prompt_entry));
}

void
sb_composer_focus_prompt (SbComposer *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->prompt_entry));
}

/* "sketch_color [[r,g,b],…]" or "black lines", and whether edges are found. */
static char *
describe_sketch (SbComposer *self,
                 SbParams   *params)
{
  g_autofree char *lines = NULL;
  guint n_colors;
  const SbColor *colors = sb_params_get_colors (params, &n_colors);

  if (is_url_method (self))
    {
      g_autofree char *url = g_settings_get_string (self->settings, "sketch-url");

      /* Translators: the sketch sent is at this web address */
      return g_markup_printf_escaped (_("the sketch at %s"), url);
    }

  if (n_colors == 0)
    lines = g_markup_escape_text (_("black lines"), -1);
  else
    {
      /* Plain words and a dot of each colour (the numbers are in Details). */
      g_autofree char *words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "lines in %u colour",
                                                             "lines in %u colours", n_colors), n_colors);
      g_autofree char *escaped = g_markup_escape_text (words, -1);
      GString *text = g_string_new (NULL);

      g_string_append_printf (text, "%s ", escaped);
      for (guint i = 0; i < n_colors; i++)
        g_string_append_printf (text, "<span foreground=\"#%02x%02x%02x\">●</span>",
                                colors[i].red, colors[i].green, colors[i].blue);
      lines = g_string_free (text, FALSE);
    }
  return g_strdup_printf ("%s · %s", lines,
                          sb_params_get_sketch_extraction (params) ? _("line extraction on")
                                                                   : _("line extraction off"));
}

/* Details: the very JSON Generate will send, the sketch's address as it
 * will be once uploaded. */
static void
update_request (SbComposer *self,
                SbParams   *params)
{
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autofree char *json = NULL;

  if (is_url_method (self))
    url = g_settings_get_string (self->settings, "sketch-url");
  else if (sb_params_get_engine (params)->travel == SB_IMAGE_INLINE)
    /* Translators: stands for the sketch sent inline in the request shown, as data:image/png;base64,… */
    url = g_strdup (_("data:image/png;base64,(the sketch itself)"));
  else
    /* Translators: stands for the sketch's address in the request shown; it is known once uploaded */
    url = g_strdup (_("(the sketch, once uploaded)"));
  /* The seed is picked at Generate; Details shows where it goes. */
  if (sb_engine_takes (sb_params_get_engine (params), SB_ENGINE_TAKES_SEED) && sb_params_get_seed (params) < 0)
    sb_params_set_seed (params, 0);
  request = sb_params_build_request (params, url);
  json = json_to_string (request, TRUE);
  gtk_label_set_label (self->request_label, json);
}

/* What Generate will send, in one line: the prompt (the part past the
 * limit struck out), style, weight, count, line colours, extraction. */
static void
update_preflight (SbComposer *self)
{
  g_autoptr(SbParams) params = sb_composer_get_params (self);
  const SbEngine *engine = sb_params_get_engine (params);
  const char *prompt = sb_params_get_prompt (params);
  g_autofree char *sent = sb_params_get_sent_prompt (params);
  int count = sb_params_get_count (params);
  int limit = prompt_limit (self);
  g_autofree char *prompt_markup = NULL;
  g_autofree char *count_text = NULL;
  g_autofree char *sketch = describe_sketch (self, params);
  g_autofree char *style = g_markup_escape_text (sb_style_get_label (sb_params_get_style (params)), -1);
  g_autofree char *markup = NULL;

  /* Too long: why Generate is off, where the artist looks for it. */
  if (g_utf8_strlen (prompt, -1) > limit)
    {
      guint over = g_utf8_strlen (prompt, -1) - limit;
      g_autofree char *reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "Generate waits: the prompt is %u character longer than DashScope takes (%d)",
                                                              "Generate waits: the prompt is %u characters longer than DashScope takes (%d)",
                                                              over),
                                                 over, limit);

      gtk_label_set_label (self->preflight_label, reason);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->preflight_label), reason);
      gtk_widget_add_css_class (GTK_WIDGET (self->preflight_label), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->preflight_label), "error");
  /* The prompt as sent: with the style's words, for an engine that takes
   * the style in words. */
  prompt_markup = g_markup_printf_escaped ("“%s”", sent);

  count_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d image", "%d images", count), count);
  if (sb_engine_takes (engine, SB_ENGINE_TAKES_WEIGHT))
    /* Translators: what Generate sends: prompt · style · weight · image count · the sketch */
    markup = g_strdup_printf (_("Sends %s · %s · weight %d · %s · %s"), prompt_markup, style,
                              sb_params_get_sketch_weight (params), count_text, sketch);
  else
    {
      g_autofree char *label = g_markup_escape_text (sb_engine_get_label (engine), -1);

      g_autofree char *seed = NULL;

      if (sb_params_get_seed (params) >= 0)
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, sb_params_get_seed (params));

          /* Translators: the seed kept from a picture (Same Seed), e.g. "seed 42" */
          seed = g_strdup_printf (_("seed %s"), number);
        }
      /* Translators: what Generate sends with an engine that takes the sketch as drawn:
       * engine · prompt (with the style's words) · image count · the seed · how the sketch goes */
      markup = g_strdup_printf (_("Sends %s · %s · %s · %s · the sketch inline, nothing uploaded"),
                                label, prompt_markup, count_text, seed != NULL ? seed : _("a new seed"));
    }
  /* One line that never grows (the whole of it in the tooltip): drawing or
   * typing never moves the canvas. */
  gtk_label_set_markup (self->preflight_label, markup);
  sb_set_tooltip_markup_if_new (GTK_WIDGET (self->preflight_label), markup);
  update_request (self, params);
}

/* Everything the engine decides: the limits, the weight, the tooltip. */
static void
on_engine_changed (SbComposer *self)
{
  const SbEngine *engine = current_engine (self);
  g_autofree char *price = sb_engine_describe_price (engine);
  g_autofree char *regions = sb_engine_describe_regions (engine);
  /* Translators: an engine's tooltip: what it is best at; its price; where it is served */
  g_autofree char *tooltip = g_strdup_printf (_("%s\n%s · served in %s"), sb_engine_get_best_at (engine),
                                              price, regions);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->engine_dropdown), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->engine_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
  gtk_adjustment_set_upper (self->count_adjustment, engine->max_count);
  if (!sb_engine_takes (engine, SB_ENGINE_TAKES_SEED) && self->seed >= 0)
    sb_composer_set_seed (self, -1);
  update_weight_label (self);
  update_prompt_counter (self);
  mark_overflow (self);
  update_preflight (self);
}

static gboolean
engine_to_position (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *id = g_variant_get_string (variant, NULL);

  for (guint i = 0; sb_engine_get_drawing (i) != NULL; i++)
    if (g_str_equal (sb_engine_get_drawing (i)->id, id))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);   /* an id no row has: the default */
  return TRUE;
}

static GVariant *
position_to_engine (const GValue       *value,
                    const GVariantType *type,
                    gpointer            user_data)
{
  const SbEngine *engine = sb_engine_get_drawing (g_value_get_uint (value));

  return engine != NULL ? g_variant_new_string (engine->id) : NULL;
}

static gboolean
prompt_from_settings (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  const char *text = g_variant_get_string (variant, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  g_value_take_string (value, g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), SB_PROMPT_STORED_MAX_CHARS)));
  return TRUE;
}

/**
 * sb_composer_bind:
 * @settings: where the style, weight and count persist
 * @sketch: the sketch whose colours and extraction are sent
 */
void
sb_composer_bind (SbComposer *self,
                  GSettings  *settings,
                  SbSketch   *sketch)
{
  g_return_if_fail (SB_IS_COMPOSER (self));
  g_return_if_fail (self->settings == NULL);

  self->settings = g_object_ref (settings);
  self->sketch = g_object_ref (sketch);
  g_settings_bind_with_mapping (settings, "engine", self->engine_dropdown, "selected", G_SETTINGS_BIND_DEFAULT,
                                engine_to_position, position_to_engine, NULL, NULL);
  sb_settings_bind_enum_position (settings, "style", self->style_dropdown, "selected");
  g_settings_bind (settings, "sketch-weight", self->weight_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "image-count", self->count_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  /* The prompt comes back with the sketch; what dconf holds is cut to a
   * length no engine takes more than (a prompt over an engine's limit is
   * shown as such, not cut). */
  g_settings_bind_with_mapping (settings, "prompt", self->prompt_entry, "text", G_SETTINGS_BIND_DEFAULT,
                                prompt_from_settings, NULL, NULL, NULL);

  /* The pre-flight line follows everything it shows. */
  g_signal_connect_object (sketch, "edited", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sketch, "notify::extraction", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::upload-method", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::sketch-url", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  update_preflight (self);
}

static void
setup_weight_scale (SbComposer *self)
{
  gtk_adjustment_set_lower (self->weight_adjustment, SB_SKETCH_WEIGHT_MIN);
  gtk_adjustment_set_upper (self->weight_adjustment, SB_SKETCH_WEIGHT_MAX);
  gtk_adjustment_set_value (self->weight_adjustment, SB_SKETCH_WEIGHT_DEFAULT);

  for (int i = SB_SKETCH_WEIGHT_MIN; i <= SB_SKETCH_WEIGHT_MAX; i++)
    {
      const char *markup = NULL;

      if (i == SB_SKETCH_WEIGHT_MIN)
        markup = _("Loosely");
      else if (i == SB_SKETCH_WEIGHT_MAX)
        markup = _("Strictly");

      gtk_scale_add_mark (self->weight_scale, i, GTK_POS_BOTTOM, markup);
    }
}

static void
sb_composer_dispose (GObject *object)
{
  SbComposer *self = SB_COMPOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SB_TYPE_COMPOSER);
  g_clear_object (&self->settings);
  g_clear_object (&self->sketch);

  G_OBJECT_CLASS (sb_composer_parent_class)->dispose (object);
}

static void
sb_composer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SbComposer *self = SB_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_PROMPT_FITS:
      g_value_set_boolean (value, sb_composer_get_prompt_fits (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
place (SbComposer *self,
       GtkWidget  *group,
       int         column,
       int         row)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (self->options);
  GtkGridLayoutChild *child = GTK_GRID_LAYOUT_CHILD (gtk_layout_manager_get_layout_child (layout, group));

  gtk_grid_layout_child_set_column (child, column);
  gtk_grid_layout_child_set_row (child, row);
}

/* One row of style, weight, count and Generate; or, without room for it,
 * two: style and count, then the weight beside Generate. Both read (and
 * Tab through) left to right, top to bottom. */
static void
on_options_fit_changed (SbComposer    *self,
                        GParamSpec    *pspec,
                        SbAdaptiveBin *fit)
{
  gboolean narrow = sb_adaptive_bin_get_compact (fit);

  place (self, self->style_group, 0, 0);
  place (self, self->weight_group, narrow ? 0 : 1, narrow ? 1 : 0);
  place (self, self->count_group, narrow ? 1 : 2, 0);
  place (self, self->generate_group, narrow ? 1 : 3, narrow ? 1 : 0);
}

static void
sb_composer_class_init (SbComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_composer_dispose;

  g_type_ensure (SB_TYPE_ADAPTIVE_BIN);
  object_class->get_property = sb_composer_get_property;

  /**
   * SbComposer:prompt-fits:
   *
   * The prompt is no longer than DashScope takes.
   */
  properties[PROP_PROMPT_FITS] =
    g_param_spec_boolean ("prompt-fits", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sb-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, SbComposer, prompt_entry);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, prompt_counter);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, style_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, engine_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, weight_label);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, weight_scale);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, weight_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, count_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, generate_button);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, options);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, style_group);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, weight_group);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, count_group);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, generate_group);
  gtk_widget_class_bind_template_callback (widget_class, on_options_fit_changed);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, preflight_label);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, request_label);
  gtk_widget_class_bind_template_child (widget_class, SbComposer, new_seed_button);
  gtk_widget_class_install_action (widget_class, "composer.new-seed", NULL, new_seed_action);
}

static void
setup_engine_item (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *about = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (about), 0);
  gtk_label_set_wrap (GTK_LABEL (about), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (about), 40);
  gtk_widget_add_css_class (about, "dim-label");
  gtk_widget_add_css_class (about, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), about);
  gtk_list_item_set_child (item, box);
}

static void
bind_engine_item (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  const SbEngine *engine = sb_engine_get_drawing (gtk_list_item_get_position (item));
  GtkWidget *name = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  g_autofree char *price = sb_engine_describe_price (engine);
  /* Translators: under an engine's name in its list: its price, then what it is best at */
  g_autofree char *about = g_strdup_printf (_("%s. %s"), price, sb_engine_get_best_at (engine));

  gtk_label_set_label (GTK_LABEL (name), sb_engine_get_label (engine));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_next_sibling (name)), about);
}

static void
sb_composer_init (SbComposer *self)
{
  g_autoptr(GListModel) styles = sb_style_list_new (NULL);
  g_autoptr(GtkStringList) engines = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; sb_engine_get_drawing (i) != NULL; i++)
    gtk_string_list_append (engines, sb_engine_get_label (sb_engine_get_drawing (i)));
  gtk_drop_down_set_model (self->engine_dropdown, G_LIST_MODEL (engines));
  /* The button says the name; the list each engine's price and what it is
   * best at, in words: the choice is also one of cost. */
  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (setup_engine_item), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (bind_engine_item), NULL);
    gtk_drop_down_set_list_factory (self->engine_dropdown, factory);
  }
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->engine_dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  sb_name_inner_button (GTK_WIDGET (self->engine_dropdown), _("Engine"));

  /* GTK 4.8 names a button by its label property *and* the label it is
   * labelled by, so screen readers would say "Generate Generate". */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->generate_button),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  /* Newer GTK labels a drop-down by its selected item, which outranks the
   * label we give it: screen readers would say "Auto", not "Style". */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->style_dropdown),
                                 GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  sb_name_inner_button (GTK_WIDGET (self->style_dropdown), _("Style"));

  self->prompt_fitted = TRUE;
  self->seed = -1;
  g_signal_connect_object (gtk_entry_get_buffer (self->prompt_entry), "notify::length",
                           G_CALLBACK (update_prompt_counter), self, G_CONNECT_SWAPPED);
  update_prompt_counter (self);

  gtk_drop_down_set_model (self->style_dropdown, styles);
  sb_drop_down_set_fixed_width (self->style_dropdown);

  setup_weight_scale (self);
  g_signal_connect_object (self->weight_adjustment, "value-changed",
                           G_CALLBACK (update_weight_label), self, G_CONNECT_SWAPPED);
  update_weight_label (self);

  gtk_adjustment_set_lower (self->count_adjustment, SB_IMAGE_COUNT_MIN);
  gtk_adjustment_set_upper (self->count_adjustment, SB_IMAGE_COUNT_MAX);
  gtk_adjustment_set_value (self->count_adjustment, SB_IMAGE_COUNT_DEFAULT);

  g_signal_connect_object (self->prompt_entry, "changed", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->prompt_entry, "changed", G_CALLBACK (mark_overflow), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->style_dropdown, "notify::selected", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  /* The style's words count against an engine's limit that takes them in the prompt. */
  g_signal_connect_object (self->style_dropdown, "notify::selected", G_CALLBACK (update_prompt_counter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->style_dropdown, "notify::selected", G_CALLBACK (mark_overflow), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine_dropdown, "notify::selected", G_CALLBACK (on_engine_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->weight_adjustment, "value-changed", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->count_adjustment, "value-changed", G_CALLBACK (update_preflight), self, G_CONNECT_SWAPPED);
}
