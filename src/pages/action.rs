//! The one way a form runs an edit: validated input goes to a Leptos [`Action`], whose refusal is
//! shown in the form's error line and whose success clears the form. Sharing it keeps every form
//! saying errors the same way, and `pending()` is there for a button that must not be pressed twice.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

use super::order::ctx::Failure;

/// What an action runs, as a trait object.
type Run<I> = Rc<dyn Fn(I) -> Pin<Box<dyn Future<Output = ()>>>>;

/// An action for an edit from a form. `run` does the edit with the checked input; on success the
/// error line clears and `done` runs (to empty the fields), on refusal the error line says why.
pub(crate) fn submit_action<I, R, Fu>(
    error: RwSignal<Option<String>>,
    run: impl Fn(I) -> Fu + 'static,
    done: impl Fn(R) + Copy + 'static,
) -> Action<I, ()>
where
    I: Clone + 'static,
    R: 'static,
    Fu: Future<Output = Result<R, Failure>> + 'static,
{
    action_of(Rc::new(move |input: I| {
        let edit = run(input);
        Box::pin(async move {
            match edit.await {
                Ok(out) => {
                    error.set(None);
                    done(out);
                }
                Err(f) => error.set(Some(f.text)),
            }
        })
    }))
}

/// The Leptos action around `run`. Its machinery is generic over the closure and the future it
/// is given, so it gets one boxed pair: compiled once per input type, not once per form.
fn action_of<I: Clone + 'static>(run: Run<I>) -> Action<I, ()> {
    Action::new_local(move |input: &I| run(input.clone()))
}

/// An edit whose success needs nothing more than the error line cleared.
pub(crate) fn edit_action<I, R, Fu>(
    error: RwSignal<Option<String>>,
    run: impl Fn(I) -> Fu + 'static,
) -> Action<I, ()>
where
    I: Clone + 'static,
    R: 'static,
    Fu: Future<Output = Result<R, Failure>> + 'static,
{
    submit_action(error, run, |_| {})
}
