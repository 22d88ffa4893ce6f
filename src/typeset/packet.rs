//! The complete packet: joins a meeting document and its bilag PDFs into one
//! PDF/A-3 file, keeping every part's tags and the meeting document's embedded case files, and bookmarks each bilag.
//!
//! Typst cannot place a PDF's pages in a conformant document, so the packet is
//! joined at the PDF level: each bilag's pages are appended to the meeting
//! document's page tree, its structure tree becomes a `Part` of the meeting
//! document's, its marked-content keys are moved past the meeting document's,
//! and its bookmarks are kept under a bookmark of its own. Which level the
//! packet can claim is decided by its weakest part (`bilag::conformance`);
//! `bilag::conformance::unfit` says why a PDF cannot be joined at all.

use std::collections::{BTreeMap, HashMap, HashSet};

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use crate::bilag::conformance::deref;

/// One bilag of the packet.
pub struct Part {
    /// Its bookmark ("Punkt 96, bilag 1: Tal for omgørelsesprocenter 2016-2020").
    pub title: String,
    /// The bilag, read whole and found fit by `bilag::Conversions`.
    pub doc: Document,
}

/// Why the packet cannot be joined: the inner structure of the meeting
/// document or of a bilag is broken.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    /// The meeting document does not read as a PDF.
    #[error("the meeting document: {0}")]
    Main(#[source] lopdf::Error),
    #[error("the meeting document has no catalog: {0}")]
    MainCatalog(#[source] lopdf::Error),
    /// A dictionary has no reference under `/key`.
    #[error("no /{key}: {source}")]
    NoReference {
        key: String,
        #[source]
        source: lopdf::Error,
    },
    /// An object is not what the structure says it is.
    #[error(transparent)]
    Pdf(#[from] lopdf::Error),
    /// The joined document cannot be written.
    #[error(transparent)]
    Write(std::io::Error),
    #[error("it has no pages")]
    NoPages,
    /// The bilag `title` (its bookmark) is broken.
    #[error("bilag `{title}`: {source}")]
    Bilag {
        title: String,
        #[source]
        source: Box<JoinError>,
    },
}

/// The meeting document `main` followed by every part, as one PDF.
///
/// Each part was read whole and found fit; an error here means a PDF whose
/// inner structure is broken.
pub fn join(main: &[u8], parts: Vec<Part>) -> Result<Vec<u8>, JoinError> {
    let mut doc = Document::load_mem(main).map_err(JoinError::Main)?;
    let catalog_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(JoinError::MainCatalog)?;
    let pages_id = reference(&doc, catalog_id, b"Pages")?;
    let tree_id = reference(&doc, catalog_id, b"StructTreeRoot")?;
    let mut tree = Tree::read(&doc, tree_id)?;
    let mut bookmarks = Vec::new();

    for (i, part) in parts.into_iter().enumerate() {
        let mut bilag = part.doc;
        bilag.renumber_objects_with(doc.max_id + 1);
        let broken = |e: JoinError| JoinError::Bilag {
            title: part.title.clone(),
            source: Box::new(e),
        };
        let bilag_catalog_id = bilag
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .map_err(|e| broken(e.into()))?;
        resolve_named_destinations(&mut bilag, bilag_catalog_id);

        // Pages: each gets what it inherited from its own page tree, then joins ours.
        let pages: Vec<ObjectId> = bilag.get_pages().into_values().collect();
        if pages.is_empty() {
            return Err(broken(JoinError::NoPages));
        }
        for &page in &pages {
            let mut inherited = Vec::new();
            for key in [&b"Resources"[..], b"MediaBox", b"CropBox", b"Rotate"] {
                if let Some(value) = inherited_value(&bilag, page, key) {
                    inherited.push((key.to_vec(), value));
                }
            }
            let page_dict = bilag
                .get_object_mut(page)
                .and_then(Object::as_dict_mut)
                .map_err(|e| broken(e.into()))?;
            for (key, value) in inherited {
                page_dict.set(key, value);
            }
            page_dict.set("Parent", pages_id);
        }

        // Tags: marked-content keys move past ours; the structure tree joins
        // ours. A bilag without tags (a scan, a PDF/A-2b made by Ghostscript)
        // adds pages only, and the packet claims no level that needs tags.
        if let Ok(bilag_tree_id) = reference(&bilag, bilag_catalog_id, b"StructTreeRoot") {
            let offset = tree.next_key;
            shift_struct_parents(&mut bilag, offset);
            let bilag_tree = Tree::read(&bilag, bilag_tree_id).map_err(broken)?;
            for (key, value) in bilag_tree.parents {
                tree.parents.insert(key + offset, value);
            }
            tree.next_key = offset + bilag_tree.next_key;
            let prefix = format!("B{}-", i + 1);
            let roles = merge_map(&mut tree.roles, bilag_tree.roles, &prefix);
            let classes = merge_map(&mut tree.classes, bilag_tree.classes, &prefix);
            for (key, value) in bilag_tree.ids {
                let mut key = key;
                key.splice(0..0, prefix.bytes());
                tree.ids.insert(key, value);
            }
            let lang = bilag
                .get_dictionary(bilag_catalog_id)
                .and_then(|c| c.get(b"Lang"))
                .ok()
                .cloned();
            let tops = bilag_tree.kids.clone();
            rewrite_elements(
                &mut bilag,
                &tops,
                &Renames {
                    roles,
                    classes,
                    prefix,
                },
            );
            for &top in &tops {
                let element = bilag
                    .get_object_mut(top)
                    .and_then(Object::as_dict_mut)
                    .map_err(|e| broken(e.into()))?;
                element.set("P", tree.parent_of_parts);
                if element.get(b"S").and_then(Object::as_name).ok() == Some(b"Document") {
                    element.set("S", Object::Name(b"Part".to_vec()));
                }
                if let Some(lang) = &lang
                    && !element.has(b"Lang")
                {
                    element.set("Lang", lang.clone());
                }
                tree.part_kids.push(Object::Reference(top));
            }
        }

        // Its own bookmarks, to hang under the one that names it.
        let outline = bilag
            .get_dictionary(bilag_catalog_id)
            .and_then(|c| c.get(b"Outlines"))
            .ok()
            .and_then(|o| deref(&bilag, o).as_dict().ok())
            .and_then(|o| {
                let first = o.get(b"First").and_then(Object::as_reference).ok()?;
                let last = o.get(b"Last").and_then(Object::as_reference).ok()?;
                let count = o.get(b"Count").and_then(Object::as_i64).unwrap_or(0);
                Some((first, last, count))
            });
        bookmarks.push((part.title.clone(), pages[0], outline));

        doc.max_id = bilag.max_id;
        doc.objects.extend(bilag.objects);
        let kids = doc.get_object_mut(pages_id).and_then(Object::as_dict_mut)?;
        let count = kids.get(b"Count").and_then(Object::as_i64).unwrap_or(0);
        kids.set("Count", count + pages.len() as i64);
        let kids = kids.get_mut(b"Kids").and_then(Object::as_array_mut)?;
        kids.extend(pages.iter().map(|&p| Object::Reference(p)));
    }

    tree.write(&mut doc, tree_id)?;
    add_bookmarks(&mut doc, catalog_id, bookmarks)?;
    doc.prune_objects();
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(JoinError::Write)?;
    Ok(out)
}

/// The reference under `key` of the dictionary `id`.
fn reference(doc: &Document, id: ObjectId, key: &[u8]) -> Result<ObjectId, JoinError> {
    doc.get_dictionary(id)
        .and_then(|d| d.get(key))
        .and_then(Object::as_reference)
        .map_err(|source| JoinError::NoReference {
            key: String::from_utf8_lossy(key).into_owned(),
            source,
        })
}

/// A page attribute, from the page or the nearest page-tree node above it.
fn inherited_value(doc: &Document, page: ObjectId, key: &[u8]) -> Option<Object> {
    let mut node = page;
    let mut seen = HashSet::new();
    while seen.insert(node) {
        let dict = doc.get_dictionary(node).ok()?;
        if let Ok(value) = dict.get(key) {
            return Some(value.clone());
        }
        node = dict.get(b"Parent").and_then(Object::as_reference).ok()?;
    }
    None
}

/// Adds `offset` to every page's, annotation's and form's key into the parent tree.
fn shift_struct_parents(doc: &mut Document, offset: i64) {
    for object in doc.objects.values_mut() {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        for key in [&b"StructParents"[..], b"StructParent"] {
            if let Ok(Object::Integer(n)) = dict.get_mut(key) {
                *n += offset;
            }
        }
    }
}

/// Named destinations become explicit ones, so the part's links and
/// bookmarks need none of its name trees.
fn resolve_named_destinations(doc: &mut Document, catalog_id: ObjectId) {
    let mut names: HashMap<Vec<u8>, Object> = HashMap::new();
    if let Ok(catalog) = doc.get_dictionary(catalog_id) {
        if let Ok(dests) = catalog.get(b"Dests").map(|d| deref(doc, d))
            && let Ok(dests) = dests.as_dict()
        {
            for (name, dest) in dests.iter() {
                names.insert(name.clone(), dest.clone());
            }
        }
        if let Ok(tree) = catalog
            .get(b"Names")
            .and_then(|n| deref(doc, n).as_dict())
            .and_then(|n| n.get(b"Dests"))
        {
            let mut flat = BTreeMap::new();
            flatten_tree(doc, tree, b"Names", &mut flat, &mut HashSet::new());
            names.extend(flat);
        }
    }
    if names.is_empty() {
        return;
    }
    // A destination in a name tree may be a dictionary with the array under /D.
    let explicit = |doc: &Document, dest: &Object| -> Object {
        match deref(doc, dest) {
            Object::Dictionary(d) => d.get(b"D").cloned().unwrap_or(Object::Null),
            _ => dest.clone(),
        }
    };
    let resolved: HashMap<Vec<u8>, Object> = names
        .iter()
        .map(|(k, v)| (k.clone(), explicit(doc, v)))
        .collect();
    let lookup = |o: &Object| match o {
        Object::String(s, _) | Object::Name(s) => resolved.get(s).cloned(),
        _ => None,
    };
    for object in doc.objects.values_mut() {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        if let Ok(dest) = dict.get(b"Dest")
            && let Some(explicit) = lookup(dest)
        {
            dict.set("Dest", explicit);
        }
        if let Ok(Object::Dictionary(action)) = dict.get_mut(b"A")
            && action.get(b"S").and_then(Object::as_name).ok() == Some(b"GoTo")
            && let Ok(dest) = action.get(b"D")
            && let Some(explicit) = lookup(dest)
        {
            action.set("D", explicit);
        }
    }
}

/// The entries of a number tree (`leaf` = `Nums`) or name tree (`Names`), flattened.
fn flatten_tree<K: Ord + Clone>(
    doc: &Document,
    node: &Object,
    leaf: &[u8],
    out: &mut BTreeMap<K, Object>,
    seen: &mut HashSet<ObjectId>,
) where
    Object: TreeKey<K>,
{
    if let Object::Reference(id) = node
        && !seen.insert(*id)
    {
        return;
    }
    let Ok(node) = deref(doc, node).as_dict() else {
        return;
    };
    if let Ok(entries) = node.get(leaf).map(|e| deref(doc, e))
        && let Ok(entries) = entries.as_array()
    {
        for pair in entries.chunks(2) {
            if let [key, value] = pair
                && let Some(key) = key.tree_key()
            {
                out.insert(key, value.clone());
            }
        }
    }
    if let Ok(kids) = node.get(b"Kids").map(|k| deref(doc, k))
        && let Ok(kids) = kids.as_array()
    {
        for kid in kids {
            flatten_tree(doc, kid, leaf, out, seen);
        }
    }
}

/// The key of a number tree (an integer) or a name tree (a string).
trait TreeKey<K> {
    fn tree_key(&self) -> Option<K>;
}

impl TreeKey<i64> for Object {
    fn tree_key(&self) -> Option<i64> {
        self.as_i64().ok()
    }
}

impl TreeKey<Vec<u8>> for Object {
    fn tree_key(&self) -> Option<Vec<u8>> {
        self.as_str().ok().map(<[u8]>::to_vec)
    }
}

/// A structure tree root, read flat.
struct Tree {
    /// The root's children.
    kids: Vec<ObjectId>,
    /// The element the parts hang under: the meeting document's `Document` element.
    parent_of_parts: ObjectId,
    /// Parts added to it.
    part_kids: Vec<Object>,
    parents: BTreeMap<i64, Object>,
    next_key: i64,
    ids: BTreeMap<Vec<u8>, Object>,
    roles: BTreeMap<Vec<u8>, Object>,
    classes: BTreeMap<Vec<u8>, Object>,
}

impl Tree {
    fn read(doc: &Document, id: ObjectId) -> Result<Tree, JoinError> {
        let root = doc.get_dictionary(id)?;
        let kids: Vec<ObjectId> = match root.get(b"K").map(|k| deref(doc, k)) {
            Ok(Object::Array(a)) => a.iter().filter_map(|k| k.as_reference().ok()).collect(),
            Ok(Object::Dictionary(_)) | Err(_) => Vec::new(),
            Ok(_) => root
                .get(b"K")
                .and_then(Object::as_reference)
                .into_iter()
                .collect(),
        };
        let mut parents = BTreeMap::new();
        if let Ok(tree) = root.get(b"ParentTree") {
            flatten_tree(doc, tree, b"Nums", &mut parents, &mut HashSet::new());
        }
        let next_key = root
            .get(b"ParentTreeNextKey")
            .and_then(Object::as_i64)
            .unwrap_or(0)
            .max(parents.keys().next_back().map_or(0, |k| k + 1));
        let mut ids = BTreeMap::new();
        if let Ok(tree) = root.get(b"IDTree") {
            flatten_tree(doc, tree, b"Names", &mut ids, &mut HashSet::new());
        }
        let map = |key: &[u8]| -> BTreeMap<Vec<u8>, Object> {
            root.get(key)
                .map(|m| deref(doc, m))
                .and_then(Object::as_dict)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default()
        };
        // The parts go under the document's one `Document` element, as its last children.
        let parent_of_parts = match kids.as_slice() {
            [only]
                if doc
                    .get_dictionary(*only)
                    .and_then(|d| d.get(b"S"))
                    .and_then(Object::as_name)
                    .ok()
                    == Some(b"Document") =>
            {
                *only
            }
            _ => id,
        };
        Ok(Tree {
            kids,
            parent_of_parts,
            part_kids: Vec::new(),
            parents,
            next_key,
            ids,
            roles: map(b"RoleMap"),
            classes: map(b"ClassMap"),
        })
    }

    fn write(self, doc: &mut Document, id: ObjectId) -> Result<(), JoinError> {
        let parent_id = self.parent_of_parts;
        let element = doc
            .get_object_mut(parent_id)
            .and_then(Object::as_dict_mut)?;
        let mut kids = match element.remove(b"K") {
            Some(Object::Array(a)) => a,
            Some(other) => vec![other],
            None => Vec::new(),
        };
        kids.extend(self.part_kids);
        element.set("K", Object::Array(kids));

        let root = doc.get_object_mut(id).and_then(Object::as_dict_mut)?;
        let nums = self
            .parents
            .into_iter()
            .flat_map(|(k, v)| [Object::Integer(k), v])
            .collect();
        root.set(
            "ParentTree",
            Dictionary::from_iter([("Nums", Object::Array(nums))]),
        );
        root.set("ParentTreeNextKey", self.next_key);
        if !self.ids.is_empty() {
            let names = self
                .ids
                .into_iter()
                .flat_map(|(k, v)| [Object::String(k, StringFormat::Literal), v])
                .collect();
            root.set(
                "IDTree",
                Dictionary::from_iter([("Names", Object::Array(names))]),
            );
        }
        let dict = |map: BTreeMap<Vec<u8>, Object>| Object::Dictionary(Dictionary::from_iter(map));
        if !self.roles.is_empty() {
            root.set("RoleMap", dict(self.roles));
        }
        if !self.classes.is_empty() {
            root.set("ClassMap", dict(self.classes));
        }
        Ok(())
    }
}

/// Adds a part's role or class map to ours; an entry that means something
/// else in ours is renamed with `prefix`. Gives the renames.
fn merge_map(
    ours: &mut BTreeMap<Vec<u8>, Object>,
    theirs: BTreeMap<Vec<u8>, Object>,
    prefix: &str,
) -> HashMap<Vec<u8>, Vec<u8>> {
    let mut renames = HashMap::new();
    for (key, value) in theirs {
        match ours.get(&key) {
            Some(existing) if *existing == value => {}
            None => {
                ours.insert(key, value);
            }
            Some(_) => {
                let mut renamed = prefix.as_bytes().to_vec();
                renamed.extend(&key);
                ours.insert(renamed.clone(), value);
                renames.insert(key, renamed);
            }
        }
    }
    renames
}

/// What a part's structure elements are renamed to, so as not to clash with ours.
struct Renames {
    roles: HashMap<Vec<u8>, Vec<u8>>,
    classes: HashMap<Vec<u8>, Vec<u8>>,
    /// Put before each element ID (and the IDs table headers refer to).
    prefix: String,
}

/// Walks a part's structure elements from `tops`, renaming types, classes and IDs.
fn rewrite_elements(doc: &mut Document, tops: &[ObjectId], renames: &Renames) {
    let prefixed = |id: &mut Vec<u8>| {
        id.splice(0..0, renames.prefix.bytes());
    };
    let mut stack: Vec<ObjectId> = tops.to_vec();
    let mut seen = HashSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Ok(Object::Dictionary(element)) = doc.get_object_mut(id) else {
            continue;
        };
        if !element.has(b"S") {
            continue; // a marked-content or object reference
        }
        if let Ok(Object::Name(role)) = element.get_mut(b"S")
            && let Some(new) = renames.roles.get(role.as_slice())
        {
            *role = new.clone();
        }
        match element.get_mut(b"C") {
            Ok(Object::Name(class)) => {
                if let Some(new) = renames.classes.get(class.as_slice()) {
                    *class = new.clone();
                }
            }
            Ok(Object::Array(classes)) => {
                for class in classes {
                    if let Object::Name(class) = class
                        && let Some(new) = renames.classes.get(class.as_slice())
                    {
                        *class = new.clone();
                    }
                }
            }
            _ => {}
        }
        if let Ok(Object::String(element_id, _)) = element.get_mut(b"ID") {
            prefixed(element_id);
        }
        let mut attribute_refs = Vec::new();
        match element.get_mut(b"A") {
            Ok(Object::Dictionary(a)) => prefix_headers(a, &prefixed),
            Ok(Object::Array(list)) => {
                for a in list {
                    match a {
                        Object::Dictionary(a) => prefix_headers(a, &prefixed),
                        Object::Reference(r) => attribute_refs.push(*r),
                        _ => {}
                    }
                }
            }
            Ok(Object::Reference(r)) => attribute_refs.push(*r),
            _ => {}
        }
        match element.get(b"K") {
            Ok(Object::Reference(kid)) => stack.push(*kid),
            Ok(Object::Array(kids)) => {
                stack.extend(kids.iter().filter_map(|k| k.as_reference().ok()));
            }
            _ => {}
        }
        for r in attribute_refs {
            if seen.insert(r)
                && let Ok(Object::Dictionary(a)) = doc.get_object_mut(r)
            {
                prefix_headers(a, &prefixed);
            }
        }
    }
}

/// A table cell's `/Headers`: the IDs of its header cells.
fn prefix_headers(attributes: &mut Dictionary, prefixed: &impl Fn(&mut Vec<u8>)) {
    if let Ok(Object::Array(headers)) = attributes.get_mut(b"Headers") {
        for header in headers {
            if let Object::String(id, _) = header {
                prefixed(id);
            }
        }
    }
}

/// A part's bookmark: its title, its first page, and its own bookmarks
/// (first, last, count) if it has any.
type PartBookmark = (String, ObjectId, Option<(ObjectId, ObjectId, i64)>);

/// One bookmark "Bilag" at the end, with one bookmark per part (closed, with
/// the part's own bookmarks under it).
fn add_bookmarks(
    doc: &mut Document,
    catalog_id: ObjectId,
    parts: Vec<PartBookmark>,
) -> Result<(), JoinError> {
    if parts.is_empty() {
        return Ok(());
    }
    let outlines_id = match reference(doc, catalog_id, b"Outlines") {
        Ok(id) => id,
        Err(_) => {
            let id = doc.add_object(Dictionary::from_iter([(
                "Type",
                Object::Name(b"Outlines".to_vec()),
            )]));
            doc.get_object_mut(catalog_id)
                .and_then(Object::as_dict_mut)?
                .set("Outlines", id);
            id
        }
    };
    let group_id = doc.new_object_id();
    let ids: Vec<ObjectId> = parts.iter().map(|_| doc.new_object_id()).collect();
    for (i, (title, page, outline)) in parts.iter().enumerate() {
        let mut item = Dictionary::from_iter([
            ("Title", text_string(title)),
            ("Parent", Object::Reference(group_id)),
            ("Dest", dest_at(*page)),
        ]);
        if i > 0 {
            item.set("Prev", ids[i - 1]);
        }
        if let Some(next) = ids.get(i + 1) {
            item.set("Next", *next);
        }
        if let Some((first, last, count)) = *outline {
            item.set("First", first);
            item.set("Last", last);
            // Closed: minus the number of bookmarks shown when it is opened.
            item.set("Count", -count.abs().max(1));
            let mut next = Some(first);
            let mut seen = HashSet::new();
            while let Some(id) = next.filter(|id| seen.insert(*id)) {
                let child = doc.get_object_mut(id).and_then(Object::as_dict_mut)?;
                child.set("Parent", ids[i]);
                next = child.get(b"Next").and_then(Object::as_reference).ok();
            }
        }
        doc.objects.insert(ids[i], Object::Dictionary(item));
    }
    let first_page = parts[0].1;
    let mut group = Dictionary::from_iter([
        ("Title", text_string("Bilag")),
        ("Parent", Object::Reference(outlines_id)),
        ("First", Object::Reference(ids[0])),
        ("Last", Object::Reference(ids[ids.len() - 1])),
        ("Count", Object::Integer(parts.len() as i64)),
        ("Dest", dest_at(first_page)),
    ]);
    let outlines = doc
        .get_object_mut(outlines_id)
        .and_then(Object::as_dict_mut)?;
    let last = outlines.get(b"Last").and_then(Object::as_reference).ok();
    let count = outlines.get(b"Count").and_then(Object::as_i64).unwrap_or(0);
    outlines.set("Last", group_id);
    outlines.set("Count", count.abs() + 1 + parts.len() as i64);
    if last.is_none() {
        outlines.set("First", group_id);
    }
    if let Some(last) = last {
        group.set("Prev", last);
        doc.get_object_mut(last)
            .and_then(Object::as_dict_mut)?
            .set("Next", group_id);
    }
    doc.objects.insert(group_id, Object::Dictionary(group));
    Ok(())
}

/// A destination at the top of `page`, at the reader's zoom.
fn dest_at(page: ObjectId) -> Object {
    Object::Array(vec![
        Object::Reference(page),
        Object::Name(b"XYZ".to_vec()),
        Object::Null,
        Object::Null,
        Object::Null,
    ])
}

/// A PDF text string: UTF-16BE with a byte-order mark.
fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_utf16_with_a_byte_order_mark() {
        let Object::String(bytes, _) = text_string("Bilag ø") else {
            panic!("a string");
        };
        assert_eq!(&bytes[..4], &[0xFE, 0xFF, 0, b'B']);
        assert_eq!(&bytes[bytes.len() - 2..], &[0, 0xF8]);
    }
}
