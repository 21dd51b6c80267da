import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs'
import { join } from 'node:path'

/**
 * Watches the files under some folders, sub-folders made later included,
 * leaving out dot folders and dot files, `node_modules` and `dist`. One
 * watcher per folder: Node 20's recursive `fs.watch` on Linux loses a file
 * once an editor (or `sed -i`) saves it by renaming a new file over it;
 * a folder's own watcher sees every such save.
 */
export function watchFolders(
  roots: readonly string[],
  onChange: (path: string) => void,
): { close: () => void } {
  const watchers = new Map<string, FSWatcher>()
  const add = (dir: string) => {
    if (watchers.has(dir)) return
    let watcher: FSWatcher
    try {
      watcher = watch(dir, (_event, name) => {
        if (name === null || isLeftOut(name.toString())) return
        const path = join(dir, name.toString())
        if (isFolder(path)) addTree(path)
        else onChange(path)
      })
    } catch {
      // Gone before it could be watched: nothing in it to rerun.
      return
    }
    // A watched folder that is removed ends its watcher.
    watcher.on('error', () => {
      watcher.close()
      watchers.delete(dir)
    })
    watchers.set(dir, watcher)
  }
  const addTree = (dir: string) => {
    add(dir)
    let entries: string[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !isLeftOut(entry.name))
        .map((entry) => entry.name)
    } catch {
      return
    }
    for (const name of entries) addTree(join(dir, name))
  }
  for (const root of roots) addTree(root)
  return {
    close: () => {
      for (const watcher of watchers.values()) watcher.close()
      watchers.clear()
    },
  }
}

function isLeftOut(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules' || name === 'dist'
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
