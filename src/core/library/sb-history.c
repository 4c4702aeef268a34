/* sb-history.c: every generation, kept on disk, newest first
 *
 * The service forgets tasks and results after 24 hours, so the app is the
 * archive. A generation is recorded (its sketch and parameters) *before*
 * its create request goes out, and rewritten at every change of its job:
 * after a crash, unfinished ones younger than 24 hours are resumed, older
 * ones marked expired. Images download straight into the entry's folder.
 * Files are only ever deleted by sb_history_delete_async().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "sb-history"

#include "config.h"

#include <glib/gi18n-lib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "sb-atomic.h"
#include "sb-enums.h"
#include "sb-error.h"
#include "sb-history.h"
#include "sb-thumbnail.h"

struct _SbHistory
{
  GObject    parent_instance;

  GFile     *directory;
  GPtrArray *entries;   /* of SbHistoryEntry, newest first */
  GHashTable *saving;   /* SbHistoryEntry → TRUE while written; 2 when dirty again */
  GHashTable *sweeps;   /* sweep id → GPtrArray of its entries, by variant */
  GHashTable *named;    /* folder name → its SbHistoryEntry (borrowed: entries holds it) */
  GHashTable *edits;        /* a generation's folder name → GPtrArray of the edits of its pictures */
  GHashTable *recorded; /* folders recorded by this process: never loaded or resumed */
  gboolean   disposed;  /* saves under way then finish on their own */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SbHistory, sb_history, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
sb_history_get_item_type (GListModel *model)
{
  return SB_TYPE_HISTORY_ENTRY;
}

static guint
sb_history_get_n_items (GListModel *model)
{
  return SB_HISTORY (model)->entries->len;
}

static gpointer
sb_history_get_item (GListModel *model,
                     guint       position)
{
  SbHistory *self = SB_HISTORY (model);

  return position < self->entries->len ? g_object_ref (g_ptr_array_index (self->entries, position)) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sb_history_get_item_type;
  iface->get_n_items = sb_history_get_n_items;
  iface->get_item = sb_history_get_item;
}

static guint save_failed_signal;
static guint generation_changed_signal;

static void save_entry (SbHistory *self, SbHistoryEntry *entry);

/* An entry, and the history it belongs to for as long as both exist: for
 * callbacks that may outlive either (a save, a job's changes). */
typedef struct {
  GWeakRef        history;
  SbHistoryEntry *entry;
} EntryRef;

static EntryRef *
entry_ref_new (SbHistory      *self,
               SbHistoryEntry *entry)
{
  EntryRef *ref = g_new0 (EntryRef, 1);

  g_weak_ref_init (&ref->history, self);
  ref->entry = g_object_ref (entry);
  return ref;
}

static void
entry_ref_free (EntryRef *ref)
{
  g_weak_ref_clear (&ref->history);
  g_object_unref (ref->entry);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EntryRef, entry_ref_free)

/* Returns: (transfer full) (nullable): the history, if it still holds the
 * entry (not disposed, the entry not deleted) */
static SbHistory *
entry_ref_get_history (EntryRef *ref)
{
  SbHistory *self = g_weak_ref_get (&ref->history);

  if (self != NULL && (self->disposed || !g_ptr_array_find (self->entries, ref->entry, NULL)))
    g_clear_object (&self);
  return self;
}

static void
on_entry_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(EntryRef) ref = user_data;
  SbHistoryEntry *entry = ref->entry;
  g_autoptr(GError) error = NULL;
  g_autoptr(SbHistory) self = entry_ref_get_history (ref);
  gboolean dirty;

  sb_atomic_write_finish (result, &error);
  if (error != NULL && self != NULL && g_signal_has_handler_pending (self, save_failed_signal, 0, TRUE))
    g_signal_emit (self, save_failed_signal, 0, error);
  else if (error != NULL)
    g_warning ("Could not save the history entry %s: %s", g_file_peek_path (G_FILE (source)), error->message);

  if (self == NULL)
    return;

  dirty = GPOINTER_TO_INT (g_hash_table_lookup (self->saving, entry)) == 2;
  g_hash_table_remove (self->saving, entry);
  if (dirty)
    save_entry (self, entry);
}

/* Writes entry.json, one write at a time per entry, the newest state last. */
static void
save_entry (SbHistory      *self,
            SbHistoryEntry *entry)
{
  g_autoptr(GFile) file = g_file_get_child (sb_history_entry_get_directory (entry), "entry.json");
  g_autoptr(GBytes) bytes = NULL;

  if (g_hash_table_contains (self->saving, entry))
    {
      g_hash_table_insert (self->saving, g_object_ref (entry), GINT_TO_POINTER (2));
      return;
    }

  g_hash_table_insert (self->saving, g_object_ref (entry), GINT_TO_POINTER (1));
  bytes = sb_history_entry_serialize (entry);
  sb_atomic_write_async (file, bytes, NULL, on_entry_saved, entry_ref_new (self, entry));
}

/* Follows a job, so that its entry always says where it is. */
static void
on_job_changed (SbJob      *job,
                GParamSpec *pspec,
                EntryRef   *ref)
{
  SbHistoryEntry *entry = ref->entry;
  g_autoptr(SbHistory) self = entry_ref_get_history (ref);
  SbJobState state = sb_job_get_state (job);
  SbTask *task = sb_job_get_task (job);

  if (task != NULL && sb_history_entry_get_task_id (entry) == NULL)
    sb_history_entry_set_task (entry, sb_task_get_id (task), sb_task_get_request_id (task),
                               sb_job_get_created_at (job));
  if (task != NULL)
    sb_history_entry_set_task_status (entry, sb_task_get_status (task));

  if (state == SB_JOB_DONE || state == SB_JOB_FAILED)
    {
      GPtrArray *files = sb_job_get_files (job);
      GPtrArray *results = task != NULL ? sb_task_get_results (task) : NULL;

      for (guint i = 0; i < files->len; i++)
        {
          g_autofree char *name = g_file_get_basename (g_ptr_array_index (files, i));

          sb_history_entry_add_image (entry, name);
        }
      for (guint i = 0; results != NULL && i < results->len; i++)
        {
          SbTaskResult *result = g_ptr_array_index (results, i);

          if (result->url == NULL)
            sb_history_entry_add_failure (entry, i + 1, result->code, result->message);
        }
      for (guint i = 0; i < sb_job_get_download_failures (job)->len; i++)
        {
          SbDownloadFailure *failure = g_ptr_array_index (sb_job_get_download_failures (job), i);

          sb_history_entry_add_download_failure (entry, failure->index, failure->url, failure->error);
        }
      if (sb_job_get_error (job) != NULL)
        sb_history_entry_set_error (entry, sb_job_get_error (job));
    }
  else if (state == SB_JOB_CANCELLED && sb_job_get_error (job) != NULL)
    sb_history_entry_set_error (entry, sb_job_get_error (job));

  /* Pictures made but not saved: not finished, so the next start fetches them. */
  if ((state == SB_JOB_DONE || state == SB_JOB_FAILED) && sb_job_get_download_failures (job)->len > 0)
    sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_INCOMPLETE);
  else
    sb_history_entry_set_state (entry, sb_history_entry_state_from_job (state));
  if (self != NULL)
    save_entry (self, entry);
}

static void
follow (SbHistory      *self,
        SbHistoryEntry *entry,
        SbJob          *job)
{
  sb_job_set_directory (job, sb_history_entry_get_directory (entry));
  g_signal_connect_data (job, "notify::state", G_CALLBACK (on_job_changed), entry_ref_new (self, entry),
                         (GClosureNotify) (void (*) (void)) entry_ref_free, 0);
  g_signal_connect_data (job, "notify::task", G_CALLBACK (on_job_changed), entry_ref_new (self, entry),
                         (GClosureNotify) (void (*) (void)) entry_ref_free, 0);
}

static int
by_variant (gconstpointer a,
            gconstpointer b)
{
  return (int) sb_history_entry_get_sweep_index (*(SbHistoryEntry **) a) -
         (int) sb_history_entry_get_sweep_index (*(SbHistoryEntry **) b);
}

static void
add_to_sweep (SbHistory      *self,
              SbHistoryEntry *entry)
{
  const char *id = sb_history_entry_get_sweep_id (entry);
  GPtrArray *members;

  if (id == NULL)
    return;
  if ((members = g_hash_table_lookup (self->sweeps, id)) == NULL)
    {
      members = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->sweeps, g_strdup (id), members);
    }
  g_ptr_array_add (members, g_object_ref (entry));
  g_ptr_array_sort (members, by_variant);
}

static char *
folder_name (SbHistoryEntry *entry)
{
  return g_file_get_basename (sb_history_entry_get_directory (entry));
}

/* The generation whose picture @entry edits, if it is here. */
SbHistoryEntry *
sb_history_get_parent (SbHistory      *self,
                       SbHistoryEntry *entry)
{
  const char *parent = sb_history_entry_get_parent_entry (entry);

  g_return_val_if_fail (SB_IS_HISTORY (self), NULL);

  return parent != NULL ? g_hash_table_lookup (self->named, parent) : NULL;
}

/* Known by name, and tied to the generation it edits. The rows to tell
 * (the generation it edits; or its own, when its edits loaded first) are
 * added to @changed, told once the list has said the entries are there:
 * a gallery that filters the list while it holds entries it has not yet
 * announced shows them twice. */
static void
add_to_groups (SbHistory      *self,
               SbHistoryEntry *entry,
               GPtrArray      *changed)
{
  const char *parent = sb_history_entry_get_parent_entry (entry);
  g_autofree char *name = folder_name (entry);
  GPtrArray *children;
  SbHistoryEntry *edited;

  add_to_sweep (self, entry);
  g_hash_table_insert (self->named, g_strdup (name), entry);
  if (g_hash_table_contains (self->edits, name))
    g_ptr_array_add (changed, g_object_ref (entry));
  if (parent == NULL)
    return;
  if ((children = g_hash_table_lookup (self->edits, parent)) == NULL)
    {
      children = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->edits, g_strdup (parent), children);
    }
  g_ptr_array_add (children, g_object_ref (entry));
  if ((edited = sb_history_get_parent (self, entry)) != NULL)
    g_ptr_array_add (changed, g_object_ref (edited));
}

static void
tell_generations (SbHistory *self,
                  GPtrArray *changed)
{
  for (guint i = 0; i < changed->len; i++)
    g_signal_emit (self, generation_changed_signal, 0, g_ptr_array_index (changed, i));
}

static void remove_from_sweep (SbHistory *self, SbHistoryEntry *entry);

static void
remove_from_groups (SbHistory      *self,
                    SbHistoryEntry *entry)
{
  const char *parent = sb_history_entry_get_parent_entry (entry);
  g_autofree char *name = folder_name (entry);
  GPtrArray *children = parent != NULL ? g_hash_table_lookup (self->edits, parent) : NULL;
  SbHistoryEntry *edited = sb_history_get_parent (self, entry);

  remove_from_sweep (self, entry);
  g_hash_table_remove (self->named, name);
  if (children != NULL && g_ptr_array_remove (children, entry) && edited != NULL)
    g_signal_emit (self, generation_changed_signal, 0, edited);
}

static void
remove_from_sweep (SbHistory      *self,
                   SbHistoryEntry *entry)
{
  const char *id = sb_history_entry_get_sweep_id (entry);
  GPtrArray *members = id != NULL ? g_hash_table_lookup (self->sweeps, id) : NULL;

  if (members == NULL)
    return;
  g_ptr_array_remove (members, entry);
  if (members->len == 0)
    g_hash_table_remove (self->sweeps, id);
}

/* @entries: a generation's, in variant order; they go on top in that order. */
static void
insert_newest (SbHistory *self,
               GPtrArray *entries)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = entries->len; i > 0; i--)
    {
      SbHistoryEntry *entry = g_ptr_array_index (entries, i - 1);

      g_ptr_array_insert (self->entries, 0, g_object_ref (entry));
      add_to_groups (self, entry, changed);
      g_hash_table_add (self->recorded, g_file_get_path (sb_history_entry_get_directory (entry)));
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, entries->len);
  tell_generations (self, changed);
}

static void
sb_history_dispose (GObject *object)
{
  SbHistory *self = SB_HISTORY (object);

  /* Saves still under way finish on their own: they find no history. */
  self->disposed = TRUE;

  G_OBJECT_CLASS (sb_history_parent_class)->dispose (object);
}

static void
sb_history_finalize (GObject *object)
{
  SbHistory *self = SB_HISTORY (object);

  g_clear_object (&self->directory);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->saving, g_hash_table_unref);
  g_clear_pointer (&self->sweeps, g_hash_table_unref);
  g_clear_pointer (&self->named, g_hash_table_unref);
  g_clear_pointer (&self->edits, g_hash_table_unref);
  g_clear_pointer (&self->recorded, g_hash_table_unref);

  G_OBJECT_CLASS (sb_history_parent_class)->finalize (object);
}

static void
sb_history_class_init (SbHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_history_dispose;
  object_class->finalize = sb_history_finalize;

  /**
   * SbHistory::save-failed:
   * @error: what went wrong, naming the file
   *
   * An entry could not be written (a full disk): the file on disk is still
   * the previous, whole one, and the next change tries again.
   */
  save_failed_signal = g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  /**
   * SbHistory::generation-changed:
   * @entry: a generation that gained or lost an edit of one of its pictures
   *
   * Its row shows the edits too, so it is built again.
   */
  generation_changed_signal = g_signal_new ("generation-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, SB_TYPE_HISTORY_ENTRY);
}

static void
sb_history_init (SbHistory *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  self->saving = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->sweeps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->edits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->recorded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* @directory: one folder per generation goes in it. */
SbHistory *
sb_history_new (GFile *directory)
{
  SbHistory *self = g_object_new (SB_TYPE_HISTORY, NULL);

  self->directory = g_object_ref (directory);
  return self;
}

/* Loading: newest first, in batches that show as they come, so the first
 * rows are on screen long before a long history is read. Folders are read
 * in the order of their names (the time they were recorded), each batch
 * ordered by the time its entries say. */

#define FIRST_BATCH 48
#define BATCH 2048

typedef struct {
  GWeakRef   history;
  GPtrArray *entries;
} Batch;

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  gint64 ta = sb_history_entry_get_created_at (*(SbHistoryEntry **) a);
  gint64 tb = sb_history_entry_get_created_at (*(SbHistoryEntry **) b);

  return ta < tb ? 1 : ta > tb ? -1 : 0;
}

static int
newest_name_first (gconstpointer a,
                   gconstpointer b)
{
  /* Folders are named by the UTC time they were recorded. */
  return -g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* Appends loaded entries at the end (older than any before them). */
static void
append_loaded (SbHistory *self,
               GPtrArray *entries)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);
  guint position = self->entries->len;
  guint added = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      SbHistoryEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *path = g_file_get_path (sb_history_entry_get_directory (entry));

      if (g_hash_table_contains (self->recorded, path))
        continue;
      g_ptr_array_add (self->entries, g_object_ref (entry));
      add_to_groups (self, entry, changed);
      added++;
    }
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
  tell_generations (self, changed);
}

static gboolean
deliver_batch (gpointer user_data)
{
  Batch *batch = user_data;
  g_autoptr(SbHistory) self = g_weak_ref_get (&batch->history);

  if (self != NULL && !self->disposed)
    append_loaded (self, batch->entries);
  return G_SOURCE_REMOVE;
}

static void
batch_free (Batch *batch)
{
  g_weak_ref_clear (&batch->history);
  g_ptr_array_unref (batch->entries);
  g_free (batch);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *directory = task_data;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  GFileInfo *info;
  guint batch_size = FIRST_BATCH;

  children = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, &error);
  if (children == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  while (children != NULL && (info = g_file_enumerator_next_file (children, cancellable, NULL)) != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
      g_object_unref (info);
    }
  g_ptr_array_sort (names, newest_name_first);

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GFile) child = g_file_get_child (directory, g_ptr_array_index (names, i));
      g_autoptr(GError) entry_error = NULL;
      SbHistoryEntry *entry;

      /* A damaged entry is skipped, with a warning; the rest load. */
      if ((entry = sb_history_entry_load (child, &entry_error)) != NULL)
        g_ptr_array_add (entries, entry);
      else
        g_warning ("Skipping a history entry: %s", entry_error->message);

      /* A batch is ready: shown while the rest loads. The last one is the result. */
      if (entries->len >= batch_size && i + 1 < names->len)
        {
          Batch *batch = g_new0 (Batch, 1);

          g_ptr_array_sort (entries, newest_first);
          g_weak_ref_init (&batch->history, source_object);
          batch->entries = g_steal_pointer (&entries);
          entries = g_ptr_array_new_with_free_func (g_object_unref);
          g_main_context_invoke_full (g_task_get_context (task), g_task_get_priority (task), deliver_batch, batch,
                                      (GDestroyNotify) batch_free);
          batch_size = BATCH;
        }
    }

  g_ptr_array_sort (entries, newest_first);
  g_task_return_pointer (task, g_steal_pointer (&entries), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * sb_history_load_async:
 *
 * Reads the history folder, newest first; the entries appear in the model
 * in batches as they are read. Finishes once all are in.
 */
void
sb_history_load_async (SbHistory           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  /* Below drawing: the window shows the first rows (and their thumbnails)
   * while later batches wait their turn. */
  g_task_set_priority (task, G_PRIORITY_DEFAULT_IDLE);
  g_task_set_source_tag (task, sb_history_load_async);
  g_task_set_task_data (task, g_object_ref (self->directory), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

gboolean
sb_history_load_finish (SbHistory     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_autoptr(GPtrArray) entries = g_task_propagate_pointer (G_TASK (result), error);

  if (entries == NULL)
    return FALSE;

  /* Batches go before the result: the same context and priority, sent first. */
  append_loaded (self, entries);
#ifdef __GLIBC__
  /* Reading a long history in a worker left its parser's garbage in that
   * thread's heap: give it back now, not never. */
  malloc_trim (0);
#endif
  return TRUE;
}

typedef struct {
  GPtrArray *entries;
  GBytes    *sketch;
} Record;

static void
record_free (Record *record)
{
  g_clear_pointer (&record->entries, g_ptr_array_unref);
  g_clear_pointer (&record->sketch, g_bytes_unref);
  g_free (record);
}

static void
record_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Record *record = task_data;
  g_autoptr(GError) error = NULL;

  /* In each folder the sketch first, then the entry that points at it. */
  for (guint i = 0; i < record->entries->len; i++)
    {
      SbHistoryEntry *entry = g_ptr_array_index (record->entries, i);
      GFile *directory = sb_history_entry_get_directory (entry);
      g_autoptr(GFile) sketch = g_file_get_child (directory, "sketch.png");
      g_autoptr(GFile) mask_file = g_file_get_child (directory, "mask.png");
      GBytes *mask = sb_params_get_mask (sb_history_entry_get_params (entry));

      /* A repaint's region beside its picture: Retry sends both again. */
      if (!g_file_make_directory_with_parents (directory, cancellable, &error) ||
          (record->sketch != NULL && !sb_atomic_write (sketch, record->sketch, &error)) ||
          (mask != NULL && !sb_atomic_write (mask_file, mask, &error)) ||
          !sb_history_entry_save (entry, cancellable, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * sb_history_record_async:
 * @sketch_png: (nullable): the sketch, exactly as it will be uploaded
 * @sketch_url: (nullable): or the address of a sketch already online
 * @sweep: one entry, or one per variant of a sweep
 *
 * Writes a generation to disk, before anything is sent, and puts it on top
 * of the history: the artist sees it at once, and nothing the service is
 * asked to make can be forgotten. Jobs follow their entry with
 * sb_history_follow() once the sketch is online.
 */
void
sb_history_record_async (SbHistory           *self,
                         SbParams            *params,
                         SbSweepKind          sweep,
                         GBytes              *sketch_png,
                         const char          *sketch_url,
                         SbUploadMethod       upload_method,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  sb_history_record_edit_async (self, params, sweep, sketch_png, sketch_url, upload_method, NULL,
                                cancellable, callback, user_data);
}

/**
 * sb_history_record_edit_async:
 * @parent: (nullable): the picture this generation edits (enlarges,
 *   repaints…), in a generation of this history; or NULL for any other
 *
 * As sb_history_record_async(); the entry names the picture it edits
 * from its first write, so it is under that picture's row from the start.
 */
void
sb_history_record_edit_async (SbHistory           *self,
                              SbParams            *params,
                              SbSweepKind          sweep,
                              GBytes              *sketch_png,
                              const char          *sketch_url,
                              SbUploadMethod       upload_method,
                              GFile               *parent,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GFile) parent_folder = parent != NULL ? g_file_get_parent (parent) : NULL;
  g_autofree char *parent_name = parent_folder != NULL ? g_file_get_basename (parent_folder) : NULL;
  g_autofree char *image_name = parent != NULL ? g_file_get_basename (parent) : NULL;
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *sweep_id = sweep != SB_SWEEP_NONE ? g_uuid_string_random () : NULL;
  Record *record = g_new0 (Record, 1);

  /* Names of our own folders and files; anything else is not linked. */
  if (parent_name != NULL && (!sb_error_is_safe_id (parent_name) || !sb_error_is_safe_id (image_name)))
    g_clear_pointer (&parent_name, g_free);
  record->entries = g_ptr_array_new_with_free_func (g_object_unref);
  record->sketch = sketch_png != NULL ? g_bytes_ref (sketch_png) : NULL;
  for (guint i = 0; i < sb_sweep_get_n_variants (sweep); i++)
    {
      g_autoptr(SbParams) variant = sb_sweep_make_variant (sweep, params, i);
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *name = g_strdup_printf ("%s-%.8s", stamp, uuid);
      g_autoptr(GFile) directory = g_file_get_child (self->directory, name);
      SbHistoryEntry *entry = sb_history_entry_new (directory, variant, sketch_url, upload_method);

      if (sweep_id != NULL)
        sb_history_entry_set_sweep (entry, sweep_id, sweep, i);
      if (parent_name != NULL)
        sb_history_entry_set_parent (entry, parent_name, image_name);
      g_ptr_array_add (record->entries, entry);
    }

  g_task_set_source_tag (task, sb_history_record_async);
  g_task_set_task_data (task, record, (GDestroyNotify) record_free);
  g_task_run_in_thread (task, record_thread);
}

/* Returns: (transfer container) (element-type SbHistoryEntry): the
 * generation's entries, one per variant */
GPtrArray *
sb_history_record_finish (SbHistory     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  Record *record = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  insert_newest (self, record->entries);
  return g_ptr_array_ref (record->entries);
}

/**
 * sb_history_follow:
 *
 * From now on @entry says where @job is, and @job downloads into it.
 */
void
sb_history_follow (SbHistory      *self,
                   SbHistoryEntry *entry,
                   SbJob          *job)
{
  g_return_if_fail (SB_IS_HISTORY (self));

  g_autoptr(EntryRef) ref = entry_ref_new (self, entry);

  /* An address is kept; a sketch sent inline is in the entry's sketch.png. */
  if (sb_history_entry_get_sketch_url (entry) == NULL && !g_str_has_prefix (sb_job_get_sketch_url (job), "data:"))
    sb_history_entry_set_sketch_url (entry, sb_job_get_sketch_url (job));
  follow (self, entry, job);
  /* Where the job is now (queued, most likely); saved. */
  on_job_changed (job, NULL, ref);
}

/**
 * sb_history_set_state:
 *
 * Where a generation stands before it has a job (waiting for the network,
 * uploading, failed before a task), with why; saved.
 */
void
sb_history_set_state (SbHistory           *self,
                      SbHistoryEntry      *entry,
                      SbHistoryEntryState  state,
                      const GError        *error)
{
  g_return_if_fail (SB_IS_HISTORY (self));

  if (error != NULL)
    sb_history_entry_set_error (entry, error);
  sb_history_entry_set_state (entry, state);
  save_entry (self, entry);
}

/**
 * sb_history_get_generation:
 *
 * Returns: (transfer container) (element-type SbHistoryEntry): what was
 *   made with @entry: every variant of its sweep, by variant, or @entry alone;
 *   then the edits of their pictures
 */
GPtrArray *
sb_history_get_generation (SbHistory      *self,
                           SbHistoryEntry *entry)
{
  GPtrArray *sweep = sb_history_get_sweep (self, sb_history_entry_get_sweep_id (entry));
  GPtrArray *members = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_made;

  if (sweep != NULL)
    for (guint i = 0; i < sweep->len; i++)
      g_ptr_array_add (members, g_object_ref (g_ptr_array_index (sweep, i)));
  else
    g_ptr_array_add (members, g_object_ref (entry));

  /* Then what was made from them (enlarged, repainted…), oldest first. */
  n_made = members->len;
  for (guint i = 0; i < n_made; i++)
    {
      g_autofree char *name = folder_name (g_ptr_array_index (members, i));
      GPtrArray *children = g_hash_table_lookup (self->edits, name);

      for (guint c = 0; children != NULL && c < children->len; c++)
        g_ptr_array_add (members, g_object_ref (g_ptr_array_index (children, c)));
    }
  return members;
}

/**
 * sb_history_get_generation_files:
 * @entry: any entry of the generation
 * @picture: (nullable): one of its pictures
 * @position: (out) (optional): where @picture is among them (0 if it is not)
 *
 * Returns: (transfer container) (element-type GFile): the pictures of
 *   @entry's generation (every variant's, for a sweep; then their
 *   edits), in the gallery's order: what the viewer and the stage
 *   walk through
 */
GPtrArray *
sb_history_get_generation_files (SbHistory      *self,
                                 SbHistoryEntry *entry,
                                 GFile          *picture,
                                 guint          *position)
{
  g_autoptr(GPtrArray) members = sb_history_get_generation (self, entry);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  if (position != NULL)
    *position = 0;
  for (guint k = 0; k < members->len; k++)
    {
      SbHistoryEntry *member = g_ptr_array_index (members, k);
      g_auto(GStrv) images = sb_history_entry_get_images (member);

      for (guint j = 0; images[j] != NULL; j++)
        {
          GFile *image = g_file_get_child (sb_history_entry_get_directory (member), images[j]);

          if (position != NULL && picture != NULL && g_file_equal (image, picture))
            *position = files->len;
          g_ptr_array_add (files, image);
        }
    }
  return files;
}

/**
 * sb_history_get_sweep_files:
 *
 * Returns: (transfer full) (element-type GFile): the pictures of @entry's
 *   sweep that have come, by variant (an edit's sweep too, which is no
 *   generation of its own); @entry's own when it is no sweep's
 */
GPtrArray *
sb_history_get_sweep_files (SbHistory      *self,
                            SbHistoryEntry *entry)
{
  GPtrArray *members = sb_history_get_sweep (self, sb_history_entry_get_sweep_id (entry));
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint k = 0; k < (members != NULL ? members->len : 1); k++)
    {
      SbHistoryEntry *member = members != NULL ? g_ptr_array_index (members, k) : entry;
      g_auto(GStrv) images = sb_history_entry_get_images (member);

      for (guint j = 0; images[j] != NULL; j++)
        g_ptr_array_add (files, g_file_get_child (sb_history_entry_get_directory (member), images[j]));
    }
  return files;
}

/* Returns: (transfer none) (element-type SbHistoryEntry) (nullable): a
 * sweep's entries, by variant */
GPtrArray *
sb_history_get_sweep (SbHistory  *self,
                      const char *sweep_id)
{
  g_return_val_if_fail (SB_IS_HISTORY (self), NULL);

  return sweep_id != NULL ? g_hash_table_lookup (self->sweeps, sweep_id) : NULL;
}

/**
 * sb_history_resume_entry:
 *
 * Puts one unfinished generation (or one whose pictures were not all saved)
 * back on @queue, to be polled and downloaded again; marks it expired when
 * DashScope no longer keeps it, failed when it never got a task id.
 *
 * Returns: (transfer none) (nullable): the job, or NULL when nothing is left
 * to fetch
 */
SbJob *
sb_history_resume_entry (SbHistory      *self,
                         SbJobQueue     *queue,
                         SbHistoryEntry *entry)
{
  const char *task_id = sb_history_entry_get_task_id (entry);
  g_autoptr(SbJob) job = NULL;

  g_return_val_if_fail (SB_IS_HISTORY (self), NULL);

  /* A task that stopped here (a refused key, say) but not at the service
   * is asked about again: its pictures are paid for. */
  if (sb_history_entry_is_finished (entry) && !sb_history_entry_has_open_task (entry, g_get_real_time ()))
    return NULL;
  if (sb_history_entry_is_finished (entry))
    {
      sb_history_entry_clear_error (entry);
      sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_PENDING);
    }

  if (sb_history_entry_get_sketch_url (entry) == NULL && task_id == NULL)
    {
      /* Stopped before the sketch was sent: nothing was asked. Retry sends it. */
      g_autoptr(GError) error = g_error_new_literal (SB_ERROR, SB_ERROR_UPLOAD,
                                                     _("Stopped before the sketch was sent; nothing was asked of DashScope"));
      sb_history_entry_set_error (entry, error);
      sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_FAILED);
      save_entry (self, entry);
      return NULL;
    }

  if (task_id == NULL)
    {
      /* Stopped before the service named a task: it may or may not exist. */
      g_autoptr(GError) error = g_error_new_literal (SB_ERROR, SB_ERROR_UNCERTAIN,
                                                     _("Interrupted before DashScope answered; "
                                                       "it is not known whether a task was made"));
      sb_history_entry_set_error (entry, error);
      sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_FAILED);
      save_entry (self, entry);
      return NULL;
    }

  if (g_get_real_time () - sb_history_entry_get_task_created_at (entry) >= SB_TASK_LIFETIME_US)
    {
      sb_history_entry_set_state (entry, SB_HISTORY_ENTRY_EXPIRED);
      save_entry (self, entry);
      return NULL;
    }

  sb_history_entry_clear_download_failures (entry);
  job = sb_job_new_resumed (sb_history_entry_get_params (entry), sb_history_entry_get_sketch_url (entry),
                            task_id, sb_history_entry_get_task_created_at (entry));
  follow (self, entry, job);
  sb_job_queue_add (queue, job);
  return job;   /* the queue holds it */
}

/**
 * sb_history_resume:
 *
 * Puts the unfinished generations younger than 24 hours back on @queue, to
 * be polled and downloaded; marks older ones expired.
 *
 * Returns: how many were resumed
 */
guint
sb_history_resume (SbHistory  *self,
                   SbJobQueue *queue)
{
  guint resumed = 0;

  for (guint i = self->entries->len; i > 0; i--)
    {
      SbHistoryEntry *entry = g_ptr_array_index (self->entries, i - 1);
      g_autofree char *path = g_file_get_path (sb_history_entry_get_directory (entry));

      /* Generations this process started (while the history loaded) are
       * under way already: only earlier runs' are resumed. */
      if (!g_hash_table_contains (self->recorded, path))
        resumed += sb_history_resume_entry (self, queue, entry) != NULL;
    }

  return resumed;
}

static void
delete_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GFile *directory = task_data;
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, &error);
  while (children != NULL && (info = g_file_enumerator_next_file (children, cancellable, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (directory, g_file_info_get_name (info));

      g_file_delete (child, cancellable, NULL);
      g_object_unref (info);
    }

  if (!g_file_delete (directory, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Removes a generation and its files: the only way the app deletes images. */
void
sb_history_delete_async (SbHistory           *self,
                         SbHistoryEntry      *entry,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  guint position;

  if (g_ptr_array_find (self->entries, entry, &position))
    {
      remove_from_groups (self, entry);
      g_ptr_array_remove_index (self->entries, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }

  g_task_set_source_tag (task, sb_history_delete_async);
  g_task_set_task_data (task, g_object_ref (sb_history_entry_get_directory (entry)), g_object_unref);
  g_task_run_in_thread (task, delete_thread);
}

gboolean
sb_history_delete_finish (SbHistory     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Entries are being written: wait before quitting. */
gboolean
sb_history_get_busy (SbHistory *self)
{
  return g_hash_table_size (self->saving) > 0;
}

/* After an entry was edited (an image removed or put back): saved, and the
 * model says so, so views show it anew. */
void
sb_history_changed (SbHistory      *self,
                    SbHistoryEntry *entry)
{
  guint position;

  save_entry (self, entry);
  if (g_ptr_array_find (self->entries, entry, &position))
    g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

/* Returns: (transfer none) (nullable): the generation kept in @directory */
SbHistoryEntry *
sb_history_find_directory (SbHistory *self,
                           GFile     *directory)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (g_file_equal (sb_history_entry_get_directory (g_ptr_array_index (self->entries, i)), directory))
      return g_ptr_array_index (self->entries, i);

  return NULL;
}

/* Returns: (transfer none) (nullable): the entry an image file belongs to */
SbHistoryEntry *
sb_history_find_image (SbHistory *self,
                       GFile     *image)
{
  g_autoptr(GFile) directory = g_file_get_parent (image);
  g_autofree char *name = g_file_get_basename (image);

  for (guint i = 0; i < self->entries->len; i++)
    {
      SbHistoryEntry *entry = g_ptr_array_index (self->entries, i);
      g_auto(GStrv) images = NULL;

      if (!g_file_equal (sb_history_entry_get_directory (entry), directory))
        continue;
      images = sb_history_entry_get_images (entry);
      if (g_strv_contains ((const char * const *) images, name))
        return entry;
    }

  return NULL;
}

/* Whether @image is a file of a generation of this history, by where it
 * is (a folder of the history's), loaded or not: what an edit from the
 * CLI, which loads no history, names as its parent. */
gboolean
sb_history_holds_image (SbHistory *self,
                        GFile     *image)
{
  g_autoptr(GFile) folder = g_file_get_parent (image);
  g_autoptr(GFile) history = folder != NULL ? g_file_get_parent (folder) : NULL;

  g_return_val_if_fail (SB_IS_HISTORY (self), FALSE);

  return sb_history_find_image (self, image) != NULL ||
         (history != NULL && g_file_equal (history, self->directory));
}

/* Deleting a picture, with a moment to take it back: it leaves its entry at
 * once (sb_history_remove_image), and either comes back
 * (sb_history_restore_image) or its file goes (sb_history_forget_image).
 *
 * Returns: (transfer none) (nullable): the entry it was taken from */
SbHistoryEntry *
sb_history_remove_image (SbHistory *self,
                         GFile     *image)
{
  SbHistoryEntry *entry = sb_history_find_image (self, image);
  g_autofree char *name = g_file_get_basename (image);

  if (entry == NULL || !sb_history_entry_remove_image (entry, name))
    return NULL;
  sb_history_changed (self, entry);
  return entry;
}

void
sb_history_restore_image (SbHistory      *self,
                          SbHistoryEntry *entry,
                          GFile          *image)
{
  g_autofree char *name = g_file_get_basename (image);

  sb_history_entry_add_image (entry, name);
  sb_history_changed (self, entry);
}

/* The file of a picture removed from its entry, for good. */
void
sb_history_forget_image (SbHistory *self,
                         GFile     *image)
{
  g_autoptr(GFile) thumbnail = sb_thumbnail_get_file (image);

  g_return_if_fail (sb_history_find_image (self, image) == NULL);

  g_file_delete_async (image, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_file_delete_async (thumbnail, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}
