//! Photos: `content/media/` processed before any page is read, each photo a page shows
//! checked where the page names it, and the photos no page shows told.

use std::path::Path;
use std::sync::Arc;
use toml::Spanned;

use super::{Loader, Location, invalid};
use crate::content::document::Document;
use crate::content::schema::ImageFields;
use crate::content::{ContentError, MainImage, Problem};
use crate::media::{self, Media};

/// What alt text is for, told to an editor who left it out.
const ALT_TEXT: &str = "a photo needs alt text: the words a screen reader says in its place, and that show when it cannot load. Describe what it shows and why it is there, in a sentence";

impl Loader {
    /// Processes the photos of `dir` (none if it is missing), before any page refers to them.
    pub(super) fn media(&mut self, dir: &Path) {
        if self.leaves_root(dir) {
            return;
        }
        match Media::load(dir) {
            Ok(loaded) => self.media = Arc::new(loaded),
            Err(problem) => self.push(Location::file(dir), problem),
        }
    }

    /// Checks the photo `name` that a page shows at `location`, with `alt` as its alt text:
    /// it must be in the media folder, be a picture the site can show, and have alt text; a
    /// small one is worth a warning.
    pub(super) fn check_photo(
        &mut self,
        name: &str,
        alt: Option<&str>,
        location: Location,
    ) -> Option<Arc<media::Picture>> {
        self.media_used.push(name.to_string());
        let picture = match self.media.get(name) {
            None => {
                let near = crate::suggest::closest(name, self.media.names()).map_or_else(
                    || {
                        format!(
                            " (a picture of the static folder is written with its address: `{}{name}`)",
                            crate::routes::STATIC
                        )
                    },
                    |near| format!(" (did you mean `{near}`?)"),
                );
                let reason = format!(
                    "there is no file `{name}` in content/{}/; save the photo there, or correct its name{near}",
                    media::FOLDER
                );
                let dest = name.to_string();
                self.push(location, Problem::MissingPicture { dest, reason });
                return None;
            }
            Some(Err(problem)) => {
                let (name, reason) = (name.to_string(), problem.to_string());
                self.push(location, Problem::BadPicture { name, reason });
                return None;
            }
            Some(Ok(picture)) => Arc::clone(picture),
        };
        match alt {
            Some(alt) if !alt.trim().is_empty() => {}
            _ => {
                let reason = format!(
                    "{ALT_TEXT}, such as ![Pupils from Lille and Leeds at the Civic Hall]({name})"
                );
                self.push(location.clone(), invalid("alt", &reason));
            }
        }
        if picture.width < media::MIN_WIDTH {
            let message = format!(
                "the photo {name} is {} pixels wide: it will look blurred on most screens, which show the column of text {} pixels wide or more; use a photo at least {} pixels wide",
                picture.width,
                media::MIN_WIDTH,
                media::MIN_WIDTH
            );
            self.warnings
                .push(ContentError::new(location, Problem::Advice(message)));
        }
        Some(picture)
    }

    /// The page's main photo from its front matter's `image`, checked.
    pub(super) fn main_image(
        &mut self,
        doc: &Document<'_>,
        image: Spanned<ImageFields>,
    ) -> Option<MainImage> {
        let at_image = doc.locate(doc.path, image.span().start);
        let image = image.into_inner();
        let at_file = doc.locate(doc.path, image.file.span().start);
        let Some(name) = media::reference(image.file.get_ref()) else {
            let reason = format!(
                "`{}` is an address; `file` is the name of a photo in content/{}/, such as \"lille-school.jpg\": save the photo there",
                image.file.get_ref(),
                media::FOLDER
            );
            self.push(at_file, invalid("image", &reason));
            return None;
        };
        let alt_at = image
            .alt
            .as_ref()
            .map_or(at_image, |alt| doc.locate(doc.path, alt.span().start));
        let alt = image.alt.map(Spanned::into_inner);
        // The alt text is checked below, where the message names the `image`'s field.
        let picture = self.check_photo(&name, Some("-"), at_file)?;
        if alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
            let reason = format!(
                "{ALT_TEXT}; add `alt = \"…\"` to the page's `image`, such as alt = \"Pupils from Lille and Leeds at the Civic Hall\""
            );
            self.push(alt_at, invalid("image", &reason));
        }
        let words = |text: Option<String>| text.filter(|t| !t.trim().is_empty());
        Some(MainImage {
            picture,
            alt: alt.unwrap_or_default(),
            caption: words(image.caption),
            credit: words(image.credit),
        })
    }

    /// A warning for each photo of the media folder that no page shows: a broken one says
    /// what is wrong with it.
    pub(super) fn check_media_use(&mut self) {
        let media = Arc::clone(&self.media);
        let mut unused: Vec<_> = media
            .pictures()
            .filter(|(name, _, _)| !self.media_used.iter().any(|used| used == name))
            .collect();
        unused.sort_by_key(|(name, _, _)| *name);
        for (name, path, picture) in unused {
            let message = match picture {
                Err(problem) => {
                    format!("no page shows this file, and it cannot be shown: {problem}")
                }
                Ok(_) => format!(
                    "no page shows this photo; show it with ![what it shows]({name}) in a page's text, or delete it"
                ),
            };
            self.warnings.push(ContentError::new(
                Location::file(path),
                Problem::Advice(message),
            ));
        }
    }
}
