package dev.flinfer.jobs.demo;

import java.util.List;

/**
 * Short posts on a few topics, written for the demo, so that nearest neighbours visibly make sense.
 */
final class SampleTexts {
    private SampleTexts() {}

    static final List<String> POSTS =
            List.of(
                    "Heavy rain is expected across the city tomorrow morning.",
                    "The forecast says it will be sunny and warm all weekend.",
                    "A storm warning has been issued for the coast tonight.",
                    "Snow fell in the mountains for the first time this year.",
                    "It is freezing outside, wear a thick coat today.",
                    "The home team won the championship final in extra time.",
                    "Our striker scored twice in the second half.",
                    "The tennis match was interrupted by rain in the third set.",
                    "She broke the national record in the 400 metres.",
                    "The coach was sacked after five straight defeats.",
                    "The new phone has a faster chip and a better camera.",
                    "Our servers crashed after the latest software update.",
                    "Stream processing lets you react to events within milliseconds.",
                    "The startup released an open source database for time series.",
                    "My laptop battery barely lasts two hours anymore.",
                    "This pasta recipe needs garlic, olive oil and fresh basil.",
                    "The bakery on the corner sells the best sourdough bread.",
                    "We ordered spicy noodles and dumplings for dinner.",
                    "Add a pinch of salt before you whisk the eggs.",
                    "The restaurant's chocolate cake was absolutely delicious.",
                    "Stock markets fell sharply after the interest rate decision.",
                    "The central bank kept interest rates unchanged this month.",
                    "Inflation slowed for the third month in a row.",
                    "The company reported record profits for the quarter.",
                    "Oil prices jumped after supply cuts were announced.",
                    "Our flight to Lisbon was delayed by three hours.",
                    "The hotel room had a stunning view of the harbour.",
                    "We hiked to the top of the volcano at sunrise.",
                    "Don't forget your passport when you travel abroad.",
                    "The night train across the Alps is a wonderful journey.");
}
